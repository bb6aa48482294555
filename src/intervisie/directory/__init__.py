"""The public directory: group search and its filters, a group's public page (register fit), the embed."""
