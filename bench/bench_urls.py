"""URLconf for the benchmarks only: the project's URLs plus a trivial view to compare against."""

from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("bench-trivial/", lambda request: HttpResponse("ok")),
    path("", include("intervisie.urls")),
]
