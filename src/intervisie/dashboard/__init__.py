"""The home page, one part per role; at the top of the layering: no app imports it."""
