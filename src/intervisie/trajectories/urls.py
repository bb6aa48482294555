from django.urls import path

from intervisie.common import converters  # noqa: F401  (registers <token:…>)
from intervisie.trajectories import views

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
    path("aanbieder/", views.board, name="board"),
    path("traject/<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("traject/<int:pk>/", views.detail, name="detail"),
    path("traject/<int:pk>/stap/<str:state>/", views.step, name="step"),
    path("traject/<int:pk>/offerte.pdf", views.quote_pdf_download, name="quote_pdf"),
    path("<slug:slug>/aanvragen/", views.request_create, name="provider_request"),
]
