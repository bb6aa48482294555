from django.urls import path

from intervisie.programmes import views_public as views
from intervisie.programmes import views_recruitment as recruitment

# Fixed words first: "deelnemer", "toestemming" and "partner" are never a programme's slug
# (domain.RESERVED_SLUGS).
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("deelnemer/<token:token>/", views.signup_follow, name="signup_follow"),
    path("deelnemer/<token:token>/afmelden/", views.signup_withdraw, name="signup_withdraw"),
    path("deelnemer/<token:token>/account/", views.signup_link, name="signup_link"),
    path("toestemming/<token:token>/", views.parent_consent, name="parent_consent"),
    path("partner/uitnodiging/<token:token>/", views.partner_accept, name="partner_accept"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/p/<slug:code>/", views.partner_link, name="partner_link"),
    path("<slug:slug>/p/<slug:code>/<slug:category>/", views.partner_link, name="partner_category_link"),
    path("<slug:slug>/aanmelden/jongere/namens/", views.signup_recorded, name="signup_recorded"),
    path("<slug:slug>/aanmelden/<slug:category>/", views.signup_create, name="signup"),
    path("<slug:slug>/aanmelden/<slug:category>/bedankt/", views.signup_done, name="signup_done"),
    # The kartrekker's recruitment texts, links and QR codes.
    path("<slug:slug>/beheer/werving/", recruitment.recruitment_list, name="recruitment"),
    path(
        "<slug:slug>/beheer/werving/<slug:category>/", recruitment.recruitment_edit, name="recruitment_edit"
    ),
    path(
        "<slug:slug>/beheer/werving/<slug:category>/voorbeeld/",
        recruitment.recruitment_preview,
        name="recruitment_preview",
    ),
    path(
        "<slug:slug>/beheer/werving/<slug:category>/verstuurd/",
        recruitment.recruitment_sent,
        name="recruitment_sent",
    ),
    path(
        "<slug:slug>/beheer/werving/<slug:category>/herstellen/",
        recruitment.recruitment_reset,
        name="recruitment_reset",
    ),
    path(
        "<slug:slug>/beheer/werving/<slug:category>/qr/<slug:code>.svg",
        recruitment.recruitment_qr,
        name="recruitment_qr",
    ),
]
