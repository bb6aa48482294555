"""The public check of a certificate (no login). It shows whether a code is genuine, for whom, what
and how many hours, and nothing else. Every code that does not exist gets the same "not found"
page, so guessing tells nothing."""

from django.shortcuts import redirect, render

from intervisie.accreditation.codes import normalize_code
from intervisie.accreditation.forms import VerifyForm
from intervisie.accreditation.models import Certificate


def _noindex(response):
    # Names on certificates should not end up in search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def verify(request):
    form = VerifyForm(request.GET) if "code" in request.GET else VerifyForm()
    if form.is_bound and form.is_valid():
        return redirect("verify:certificate", code=normalize_code(form.cleaned_data["code"]))
    status = 400 if form.is_bound else 200
    return _noindex(render(request, "accreditation/verify.html", {"form": form}, status=status))


def certificate(request, code: str):
    canonical = normalize_code(code)
    found = None
    if canonical is not None:
        found = Certificate.objects.select_related("user", "group").filter(code=canonical).first()
    if found is None:
        return _noindex(
            render(request, "accreditation/verify_not_found.html", {"form": VerifyForm()}, status=404)
        )
    return _noindex(render(request, "accreditation/verify_result.html", {"certificate": found}))
