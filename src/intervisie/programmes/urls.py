from django.urls import include, path

from intervisie.common import converters  # noqa: F401  (registers <token:…>)

app_name = "programmes"

# One namespace, one sub-configuration per part of the app. The fixed words come before "<slug>/" and are
# never a programme's slug (domain.RESERVED_SLUGS).
urlpatterns = [
    path("", include("intervisie.programmes.urls_manage")),
    path("", include("intervisie.programmes.urls_composition")),
    path("", include("intervisie.programmes.urls_partner")),
    path("", include("intervisie.programmes.urls_public")),
]
