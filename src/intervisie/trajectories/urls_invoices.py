"""URLs of a trajectory's invoices and the provider's bookkeeping export (see views_invoices)."""

from django.urls import path

from intervisie.common import converters  # noqa: F401  (registers <token:…>)
from intervisie.trajectories import views_invoices as views

urlpatterns = [
    path("traject/<int:pk>/facturen/", views.invoices, name="invoices"),
    path("traject/<int:pk>/facturen/maken/", views.invoice_make, name="invoice_make"),
    path("traject/<int:pk>/facturen/maken/<int:meeting>/", views.invoice_make, name="invoice_make_meeting"),
    path("traject/<int:pk>/facturen/<int:invoice>/betaald/", views.invoice_paid, name="invoice_paid"),
    path("traject/<int:pk>/facturen/<int:invoice>/crediteren/", views.invoice_credit, name="invoice_credit"),
    path("traject/<int:pk>/facturen/<int:invoice>/pdf/", views.invoice_pdf_download, name="invoice_pdf"),
    path(
        "volg/<token:token>/factuur/<int:invoice>/pdf/", views.follow_invoice_pdf, name="follow_invoice_pdf"
    ),
    path("aanbieder/<slug:slug>/facturen/", views.bookkeeping, name="bookkeeping"),
    path("aanbieder/<slug:slug>/facturen/<int:year>.csv", views.bookkeeping_csv, name="bookkeeping_csv"),
]
