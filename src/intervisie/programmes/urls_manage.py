"""The kartrekker's pages (views_manage). Included first: the fixed words "beheer" and "nieuw" come before
every "<slug:slug>/" pattern and are never a programme's slug (domain.RESERVED_SLUGS)."""

from django.urls import path

from intervisie.programmes import views_manage as views

urlpatterns = [
    path("beheer/", views.manage_list, name="manage_list"),
    path("nieuw/", views.create, name="create"),
    path("<slug:slug>/beheer/", views.manage, name="manage"),
    path("<slug:slug>/beheer/bewerken/", views.edit, name="manage_edit"),
    path("<slug:slug>/beheer/status/<slug:status>/", views.status, name="manage_status"),
    path("<slug:slug>/beheer/data/", views.dates, name="manage_dates"),
    path("<slug:slug>/beheer/data/vijf/", views.dates_five, name="manage_dates_five"),
    path("<slug:slug>/beheer/data/<int:pk>/", views.date_edit, name="manage_date_edit"),
    path("<slug:slug>/beheer/data/<int:pk>/weghalen/", views.date_remove, name="manage_date_remove"),
    path("<slug:slug>/beheer/groepen/", views.groups, name="manage_groups"),
    path("<slug:slug>/beheer/partners/", views.partners, name="manage_partners"),
    path("<slug:slug>/beheer/partners/<int:pk>/", views.partner_edit, name="manage_partner_edit"),
    path(
        "<slug:slug>/beheer/partners/<int:pk>/uitnodiging/",
        views.partner_resend,
        name="manage_partner_resend",
    ),
    path(
        "<slug:slug>/beheer/partners/<int:pk>/weghalen/", views.partner_remove, name="manage_partner_remove"
    ),
    path("<slug:slug>/beheer/aanmeldingen/", views.signups, name="manage_signups"),
    path("<slug:slug>/beheer/aanmeldingen/uitnodigen/", views.signups_invite, name="manage_signups_invite"),
    path(
        "<slug:slug>/beheer/aanmeldingen/<int:pk>/<slug:status>/",
        views.signup_status,
        name="manage_signup_status",
    ),
]
