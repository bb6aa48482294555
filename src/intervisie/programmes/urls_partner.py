"""URLs of the evaluation, the harvest, the report and the partners' pages (views_evaluation, views_partner).

Included before urls_public: the fixed path "partner/" comes before every "<slug:slug>/" pattern, and
"partner" is one of domain.RESERVED_SLUGS, so no programme takes it as its slug."""

from django.urls import path

from intervisie.programmes import views_evaluation, views_partner

urlpatterns = [
    # A partner contact's partners, in every programme.
    path("partner/", views_partner.partner_mine, name="partner_mine"),
    # The placed participant: evaluations, harvest, a student's certificate.
    path("<slug:slug>/evaluatie/", views_evaluation.overview, name="evaluation"),
    path("<slug:slug>/evaluatie/slot/", views_evaluation.final_evaluation, name="evaluation_final"),
    path(
        "<slug:slug>/evaluatie/deelnamebewijs/",
        views_evaluation.certificate,
        name="evaluation_certificate",
    ),
    path(
        "<slug:slug>/evaluatie/<int:meeting>/",
        views_evaluation.meeting_evaluation,
        name="evaluation_meeting",
    ),
    path("<slug:slug>/oogst/", views_evaluation.harvest, name="harvest"),
    # The kartrekker and the begeleiders: the programme's report; the kartrekker sends the partners theirs.
    path("<slug:slug>/verslag/", views_partner.report_page, name="report"),
    path("<slug:slug>/verslag.pdf", views_partner.report_programme_pdf, name="report_pdf"),
    path("<slug:slug>/verslag/versturen/", views_partner.report_send, name="report_send"),
    # A partner's own page and report.
    path("<slug:slug>/partner/<slug:code>/", views_partner.partner_page, name="partner"),
    path(
        "<slug:slug>/partner/<slug:code>/verslag.pdf",
        views_partner.partner_report_pdf,
        name="partner_report_pdf",
    ),
]
