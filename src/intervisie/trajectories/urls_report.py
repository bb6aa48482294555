"""URLs of the trajectory report: the begeleider drafts and shares, participants respond, the client gets the PDF (see views_report)."""

urlpatterns: list = []
