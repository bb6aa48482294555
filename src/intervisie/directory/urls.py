from django.urls import path

from intervisie.directory import views

# Included at the site's root, after groups' URLs: /groepen/mijn/ and /groepen/beheer/ are groups' pages,
# and a one-part /groepen/<slug>/ that is neither is a group's public page.
app_name = "directory"
urlpatterns = [
    path("groepen/", views.search, name="search"),
    path("groepen/<slug:slug>/", views.detail, name="detail"),
    path("embed/", views.embed_search, name="embed"),
]
