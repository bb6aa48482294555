"""The public read-only JSON API (django-ninja): /api/, /api/docs, /api/openapi.json."""
