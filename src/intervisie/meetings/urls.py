"""Meetings URLs, split by area so each module has one owner: planning (charter, meetings, RSVP)
and attendance (registration, sign-off, calendar files)."""

from intervisie.meetings.urls_attendance import urlpatterns as attendance_patterns
from intervisie.meetings.urls_planning import urlpatterns as planning_patterns

app_name = "meetings"
urlpatterns = [*planning_patterns, *attendance_patterns]
