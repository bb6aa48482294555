from django.urls import path

from intervisie.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/groepen/nieuw/", views.group_create, name="group_create"),
    path("<slug:slug>/groepen/<slug:group_slug>/bewerken/", views.group_edit, name="group_edit"),
    path("<slug:slug>/export/", views.groups_export, name="groups_export"),
    path("<slug:slug>/import/", views.groups_import, name="groups_import"),
]
