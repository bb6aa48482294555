from django.urls import path

from intervisie.methods import views

app_name = "methods"
urlpatterns = [
    path("", views.library, name="library"),
    path("groep/<slug:group_slug>/", views.group_methods, name="group_list"),
    path("groep/<slug:group_slug>/<slug:slug>/", views.group_method_detail, name="group_detail"),
    path("groep/<slug:group_slug>/<slug:slug>/bewerken/", views.group_method_edit, name="group_edit"),
    path("<slug:slug>/", views.method_detail, name="detail"),
    path("<slug:slug>/kopieer/<slug:group_slug>/", views.method_copy_view, name="copy"),
]
