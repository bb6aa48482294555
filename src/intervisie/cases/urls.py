from django.urls import path

from intervisie.cases import views

app_name = "cases"
urlpatterns = [
    path("groep/<slug:slug>/", views.group_cases, name="group_cases"),
    path("groep/<slug:slug>/nieuw/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.case_edit, name="edit"),
]
