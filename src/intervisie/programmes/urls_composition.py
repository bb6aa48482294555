from django.urls import path

from intervisie.programmes import views_composition as views

# The kartrekker's composition board and its actions (begeleiders read the board), and the placed
# participant's attendance commitment.
urlpatterns = [
    path("<slug:slug>/beheer/indeling/", views.board, name="composition"),
    path("<slug:slug>/beheer/indeling/indelen/", views.compose, name="composition_compose"),
    path("<slug:slug>/beheer/indeling/verplaatsen/", views.move, name="composition_move"),
    path("<slug:slug>/beheer/indeling/vastzetten/", views.pin, name="composition_pin"),
    path("<slug:slug>/beheer/indeling/bekendmaken/", views.publish, name="composition_publish"),
    path("<slug:slug>/toezegging/", views.commitment, name="commitment"),
]
