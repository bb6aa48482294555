from django.urls import path

from . import views

app_name = "reflections"
urlpatterns = [
    path("mijn/", views.mine, name="mine"),
    path("mijn/<slug:slug>/verslag.pdf", views.report_pdf, name="report_pdf"),
    path("bijeenkomst/<int:pk>/", views.meeting_page, name="meeting"),
    path("groep/<slug:slug>/gedeeld/", views.shared, name="shared"),
    path("groep/<slug:slug>/evaluaties/", views.evaluations, name="evaluations"),
]
