"""Charter, planning, a meeting's page with RSVP, and a person's own overview (app_name "meetings",
combined in meetings/urls.py)."""

from django.urls import path

from intervisie.meetings import views_planning as views

urlpatterns = [
    path("", views.mine, name="mine"),
    path("groep/<slug:slug>/", views.group_meetings, name="group_meetings"),
    path("groep/<slug:slug>/plannen/", views.meeting_new, name="plan"),
    path("groep/<slug:slug>/reeks/", views.series_new, name="plan_series"),
    path("groep/<slug:slug>/afspraken/", views.charter, name="charter"),
    path("groep/<slug:slug>/afspraken/nieuw/", views.charter_new, name="charter_new"),
    path("groep/<slug:slug>/afspraken/akkoord/", views.charter_agree, name="charter_agree"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/aanmelden/", views.rsvp, name="rsvp"),
    path("<int:pk>/wijzigen/", views.meeting_edit, name="edit"),
    path("<int:pk>/afgelasten/", views.meeting_cancel, name="cancel"),
]
