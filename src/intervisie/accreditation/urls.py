from django.urls import path

from intervisie.accreditation import views, views_group
from intervisie.common import converters  # noqa: F401  (registers <certcode:…>)

app_name = "accreditation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("registratie/toevoegen/", views.enrolment_add, name="enrolment_add"),
    path("registratie/<int:pk>/verwijderen/", views.enrolment_delete, name="enrolment_delete"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("verklaring/<int:pk>.pdf", views.signed_statement_pdf, name="statement_pdf"),
    path("certificaat/<certcode:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("groep/<slug:slug>/bewijs/", views.evidence, name="evidence"),
    path("groep/<slug:slug>/presentielijst.pdf", views.attendance_list_pdf, name="attendance_list_pdf"),
    path("groep/<slug:slug>/reflectieverklaring.pdf", views.reflection_statement_pdf, name="reflection_pdf"),
    path("groep/<slug:slug>/verklaringen/", views_group.statements, name="statements"),
    path(
        "groep/<slug:slug>/verklaringen/<int:pk>/intrekken/",
        views_group.statement_revoke,
        name="statement_revoke",
    ),
    path("groep/<slug:slug>/certificaten/", views_group.certificates, name="certificates"),
    path(
        "groep/<slug:slug>/certificaten/<int:pk>/intrekken/",
        views_group.certificate_revoke,
        name="certificate_revoke",
    ),
]
