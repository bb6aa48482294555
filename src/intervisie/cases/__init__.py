"""Inbreng: checklist, privacy screen (deduce + own checks), fair rotation, retention."""
