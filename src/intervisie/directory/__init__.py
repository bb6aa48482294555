"""The public directory: search, filters, group pages with register fit, /embed/ search."""
