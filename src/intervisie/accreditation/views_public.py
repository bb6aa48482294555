"""The public check of a certificate or a signed reflectieverklaring (no login). It shows whether a
code is genuine, for whom, what and how many hours, and nothing else (never reflection content).
Every code that does not exist gets the same "not found" page, so guessing tells nothing."""

from django.shortcuts import redirect, render

from intervisie.accreditation.codes import normalize_code
from intervisie.accreditation.forms import VerifyForm
from intervisie.accreditation.models import Certificate, ReflectionStatement


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
    """/verifieer/<code>/: a certificate or a signed statement (they share one code space)."""
    canonical = normalize_code(code)
    if canonical is not None:
        found = Certificate.objects.select_related("user", "group").filter(code=canonical).first()
        if found is not None:
            return _noindex(render(request, "accreditation/verify_result.html", {"certificate": found}))
        statement = (
            ReflectionStatement.objects.select_related("user", "group", "signed_by")
            .filter(code=canonical)
            .first()
        )
        if statement is not None:
            return _noindex(render(request, "accreditation/verify_statement.html", {"statement": statement}))
    return _noindex(
        render(request, "accreditation/verify_not_found.html", {"form": VerifyForm()}, status=404)
    )
