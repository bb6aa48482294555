"""Themed events (Versterken): registration, coaches, solver-made breakouts, attendance."""
