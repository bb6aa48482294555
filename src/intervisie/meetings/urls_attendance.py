"""Attendance (registration and sign-off) and calendar files. Included by meetings/urls.py
(app_name "meetings") under /bijeenkomsten/."""

from django.urls import path

from intervisie.common import converters  # noqa: F401  (registers <token:…>)
from intervisie.meetings import views_attendance as views

urlpatterns = [
    path("<int:pk>/aanwezigheid/", views.attendance_register_view, name="attendance"),
    path("<int:pk>/agenda.ics", views.meeting_ics_view, name="meeting_ics"),
    path("bevestigen/", views.attendance_to_confirm_view, name="attendance_to_confirm"),
    path("aanwezigheid/<int:pk>/bevestigen/", views.attendance_confirm_view, name="attendance_confirm"),
    path("aanwezigheid/<int:pk>/klopt-niet/", views.attendance_dispute_view, name="attendance_dispute"),
    path("agenda/", views.calendar_feed_view, name="calendar_feed"),
    path("agenda/nieuwe-link/", views.calendar_feed_reset_view, name="calendar_feed_reset"),
    path("agenda/<token:token>.ics", views.calendar_feed_ics_view, name="calendar_feed_ics"),
]
