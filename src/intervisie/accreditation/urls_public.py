from django.urls import path

from intervisie.accreditation import views_public

app_name = "verify"
urlpatterns = [
    path("", views_public.verify, name="form"),
    path("<path:code>/", views_public.certificate, name="certificate"),
]
