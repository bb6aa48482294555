from django.urls import path

from intervisie.providers import views

app_name = "providers"
urlpatterns = [
    path("<slug:slug>/profiel/", views.profile, name="profile"),
    path("<slug:slug>/begeleiders/toevoegen/", views.member_add, name="member_add"),
    path("<slug:slug>/begeleiders/<int:pk>/verwijderen/", views.member_remove, name="member_remove"),
]
