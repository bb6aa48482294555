"""Date formats per language: English pages accept Dutch day-month-year dates."""
