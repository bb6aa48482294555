"""Reflections on the three SKJ dimensions and meeting evaluations."""
