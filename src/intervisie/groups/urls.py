from django.urls import path

from intervisie.groups import views_membership

# /groepen/ and a group's page /groepen/<slug>/ are the directory app's (included after these).
app_name = "groups"
urlpatterns = [
    path("mijn/", views_membership.mine, name="mine"),
    path("beheer/", views_membership.manage, name="manage"),
    path("aanmelding/<int:pk>/", views_membership.membership_detail, name="membership"),
    path("aanmelding/<int:pk>/<slug:action>/", views_membership.membership_action, name="membership_action"),
    path("<slug:slug>/aanmelden/", views_membership.join, name="join"),
    path("<slug:slug>/leden/", views_membership.group_members, name="members"),
    path(
        "<slug:slug>/leden/<int:user_id>/register/",
        views_membership.verify_registration,
        name="verify_registration",
    ),
]
