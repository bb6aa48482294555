from django.urls import path

from intervisie.live import views

app_name = "live"
urlpatterns = [
    path("<int:pk>/", views.session_page, name="session"),
    path("<int:pk>/stand/", views.session_state, name="state"),
    path("<int:pk>/starten/", views.session_start_page, name="start"),
    path("<int:pk>/actie/<slug:action>/", views.session_action, name="action"),
    path("<int:pk>/antwoord/", views.answer_save, name="answer"),
    path("<int:pk>/notitie/", views.note_save, name="note"),
    path("<int:pk>/afsluiten/", views.session_close, name="close"),
]
