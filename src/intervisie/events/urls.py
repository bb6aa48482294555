from django.urls import path

from intervisie.common import converters  # noqa: F401  (registers <token:…>)
from intervisie.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("mijn/", views.mine, name="mine"),
    path("nieuw/", views.create, name="create"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/agenda.ics", views.event_ics, name="ics"),
    path("<slug:slug>/aanmelden/", views.register, name="register"),
    path("<slug:slug>/coach/", views.register_coach, name="register_coach"),
    path("<slug:slug>/uitnodiging/<token:token>/", views.coach_invite, name="coach_invite"),
    path("<slug:slug>/afmelden/", views.cancel_registration, name="cancel_registration"),
    path("<slug:slug>/live/", views.live, name="live"),
    path("<slug:slug>/evaluatie/", views.evaluate, name="evaluate"),
    path("<slug:slug>/beheer/", views.manage, name="manage"),
    path("<slug:slug>/wijzigen/", views.edit, name="edit"),
    path("<slug:slug>/publiceren/", views.publish, name="publish"),
    path("<slug:slug>/afzeggen/", views.cancel_event, name="cancel"),
    path("<slug:slug>/verwijderen/", views.delete_draft, name="delete_draft"),
    path("<slug:slug>/coaches/uitnodigen/", views.invite_coach, name="invite_coach"),
    path("<slug:slug>/aanmeldingen/<int:pk>/afmelden/", views.cancel_for, name="cancel_for"),
    path("<slug:slug>/indeling/", views.composition_view, name="composition"),
    path("<slug:slug>/indeling/maken/", views.compose, name="compose"),
    path("<slug:slug>/indeling/verplaatsen/", views.move, name="move"),
    path("<slug:slug>/indeling/vastzetten/", views.lock, name="lock"),
    path("<slug:slug>/indeling/versturen/", views.publish_composition, name="publish_composition"),
    path("<slug:slug>/aanwezigheid/", views.attendance, name="attendance"),
    path("<slug:slug>/resultaten/", views.results, name="results"),
]
