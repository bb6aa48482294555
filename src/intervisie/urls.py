from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import Http404
from django.urls import include, path
from django.views.generic import TemplateView

from intervisie.api.api import api
from intervisie.common.admin_guard import refuse_nul_bytes
from intervisie.dashboard import views as dashboard_views


def _admin_login(view):
    """The admin logs in through allauth (same password rules, rate limits and two-factor login).
    A logged-in person without admin rights gets 404, like every other page they may not see."""
    secured = secure_admin_login(view)

    def login(request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_staff:
            raise Http404
        return secured(request, *args, **kwargs)

    return login


admin.site.login = _admin_login(admin.site.login)
# The admin's list filters pass query values to the database: a NUL byte is a 400, not a 500 on PostgreSQL.
admin.site.admin_view = refuse_nul_bytes(admin.site.admin_view)
admin.site.site_header = "Intervisiewijzer beheer"

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("over/", TemplateView.as_view(template_name="about.html"), name="about"),
    path("groepen/", include("intervisie.groups.urls")),
    # After groups: its /groepen/mijn/ and /groepen/beheer/ come before a group's page /groepen/<slug>/.
    path("", include("intervisie.directory.urls")),  # /groepen/, /groepen/<slug>/, /embed/
    path("organisaties/", include("intervisie.organisations.urls")),
    path("bijeenkomsten/", include("intervisie.meetings.urls")),
    path("uren/", include("intervisie.accreditation.urls")),
    path("verifieer/", include("intervisie.accreditation.urls_public")),
    path("inbreng/", include("intervisie.cases.urls")),
    path("methodes/", include("intervisie.methods.urls")),
    path("sessie/", include("intervisie.live.urls")),
    path("reflectie/", include("intervisie.reflections.urls")),
    path("evenementen/", include("intervisie.events.urls")),
    path("trajecten/", include("intervisie.trajectories.urls")),
    path("programmas/", include("intervisie.programmes.urls")),
    path("aanbieders/", include("intervisie.providers.urls")),
    path("profiel/", include("intervisie.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]
