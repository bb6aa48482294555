"""Intervision groups and memberships: join, trial, waitlist with offers, leave, switch."""
