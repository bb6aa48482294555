"""Aanbieders: the practices and firms that offer guided intervision, and their begeleiders (issue 12)."""
