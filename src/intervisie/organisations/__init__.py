"""Organisations and their managers: dashboard, group maintenance, CSV import/export."""
