"""Charters, meetings, series, RSVP, quorum, reminders, attendance, ICS files and feed."""
