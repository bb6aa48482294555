from django.urls import path

from intervisie.common import converters  # noqa: F401  (registers <token:…>)
from intervisie.trajectories import views
from intervisie.trajectories.urls_invoices import urlpatterns as invoice_patterns
from intervisie.trajectories.urls_report import urlpatterns as report_patterns

app_name = "trajectories"

urlpatterns = [
    path("", views.provider_list, name="providers"),
    path("aanvragen/", views.request_create, name="request"),
    path("aanvragen/verstuurd/", views.request_sent, name="request_sent"),
    path("volg/<token:token>/", views.follow, name="follow"),
    path("kennismaking/<token:token>/", views.expectations, name="expectations"),
    path("kennismaking/groep/<token:token>/", views.intro_join, name="intro_join"),
    path("offerte/<signed:value>/", views.quote_answer, name="quote_answer"),
    path("offerte/<signed:value>/pdf/", views.quote_answer_pdf, name="quote_answer_pdf"),
    path("deelnemen/<token:token>/", views.participate, name="participate"),
    path("aanbieder/", views.board, name="board"),
    path("mijn/", views.mine, name="mine"),
    path("traject/<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("traject/<int:pk>/", views.detail, name="detail"),
    path("traject/<int:pk>/stap/<str:state>/", views.step, name="step"),
    path("traject/<int:pk>/offerte.pdf", views.quote_pdf_download, name="quote_pdf"),
    path(
        "traject/<int:pk>/bijeenkomst/<int:meeting>/onderdelen/",
        views.meeting_aspects,
        name="meeting_aspects",
    ),
    path("traject/<int:pk>/reader/", views.reader, name="reader"),
    path("traject/<int:pk>/reader/toevoegen/", views.reader_upload, name="reader_upload"),
    path("traject/<int:pk>/reader/<int:document>/", views.reader_document, name="reader_document"),
    path("traject/<int:pk>/reader/<int:document>/weghalen/", views.reader_remove, name="reader_remove"),
    *report_patterns,
    *invoice_patterns,
    path("<slug:slug>/aanvragen/", views.request_create, name="provider_request"),
]
