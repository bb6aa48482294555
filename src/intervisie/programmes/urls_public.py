from django.urls import path

from intervisie.programmes import views_public as views

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("deelnemer/<token:token>/", views.signup_follow, name="signup_follow"),
    path("toestemming/<token:token>/", views.parent_consent, name="parent_consent"),
    path("partner/uitnodiging/<token:token>/", views.partner_accept, name="partner_accept"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/p/<slug:code>/", views.partner_link, name="partner_link"),
    path("<slug:slug>/aanmelden/<slug:category>/", views.signup_create, name="signup"),
]
