"""URLs of a trajectory's invoices and the provider's bookkeeping export (see views_invoices)."""

urlpatterns: list = []
