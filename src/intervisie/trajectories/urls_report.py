"""URLs of the trajectory report: the begeleider drafts and shares, participants respond, the client gets the PDF (see views_report)."""

from django.urls import path

from intervisie.common import converters  # noqa: F401  (registers <token:…>)
from intervisie.trajectories import views_report

urlpatterns: list = [
    # The participants' page: read the shared report, approve or comment.
    path("traject/<int:pk>/rapport/", views_report.report_page, name="report"),
    # The begeleider's pages.
    path("traject/<int:pk>/rapport/schrijven/", views_report.report_edit, name="report_edit"),
    path("traject/<int:pk>/rapport/beginnen/", views_report.report_start, name="report_start"),
    path("traject/<int:pk>/rapport/delen/", views_report.report_share, name="report_share"),
    path("traject/<int:pk>/rapport/versturen/", views_report.report_send, name="report_send"),
    path("traject/<int:pk>/rapport.pdf", views_report.report_preview_pdf, name="report_pdf"),
    # The client's download of the sent report, through their follow link's token.
    path("rapport/<token:token>/pdf/", views_report.report_client_pdf, name="report_client_pdf"),
]
