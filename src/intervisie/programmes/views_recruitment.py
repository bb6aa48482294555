"""The kartrekker's recruitment texts (seed 003: "be as concrete as possible"): per category an editable
text with a live preview that fills in the programme's dates and contact, a copy-ready version, marking
it as sent, going back to our template, and per partner a short link and a QR code, so sign-ups through
that partner are attributed to it.

Only those who run the programme (``programmes.manage_programme``) open these pages; everyone else gets
404, a superuser too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intervisie.programmes import domain, recruitment
from intervisie.programmes.enums import Category
from intervisie.programmes.forms_recruitment import RecruitmentTextForm
from intervisie.programmes.models import Programme, RecruitmentText
from intervisie.programmes.selectors_public import partner_by_code, programme_dates, recruitment_texts
from intervisie.programmes.views_manage import managed_programme_or_404

# How to reach each category (seed 003, "Kies voor elke categorie een vorm van werven").
CHANNEL_ADVICE = {
    Category.STUDENT: gettext_lazy(
        "Stuur de tekst vóór de zomer via het secretariaat van de opleidingen (bijvoorbeeld pedagogiek, social "
        "work of verpleegkunde) naar studenten in jaar 2 en 3: na de zomer zitten zij in jaar 3 of 4. Een kort "
        "filmpje erbij helpt."
    ),
    Category.PROFESSIONAL: gettext_lazy(
        "Stuur de tekst naar praktijkorganisaties: van jongerenwerk tot gespecialiseerde jeugdzorg, van "
        "onderwijs tot Veilig Thuis. Vraag professionals die eerder meededen om hem in hun organisatie te delen."
    ),
    Category.PARENT: gettext_lazy(
        "Stuur de tekst naar belangenorganisaties voor ouders, zoals Balans of Netwerk Beter Samen, en via "
        "cliëntenraden en professionals die ouders kennen."
    ),
    Category.YOUNG_PERSON: gettext_lazy(
        "Jongeren werf je het best persoonlijk: via jongerenwerkers, andere professionals of de leerlingenraad "
        "van scholen. Een professional kan een jongere die hij of zij sprak zelf aanmelden, met toestemming van "
        "die jongere."
    ),
}


# The category as the pages name the people in it ("de tekst voor studenten").
CATEGORY_PLURAL = {
    Category.STUDENT: gettext_lazy("studenten"),
    Category.PROFESSIONAL: gettext_lazy("professionals"),
    Category.PARENT: gettext_lazy("ouders"),
    Category.YOUNG_PERSON: gettext_lazy("jongeren"),
}


def _text_or_404(programme: Programme, category: str) -> RecruitmentText:
    if category not in Category.values:
        raise Http404
    return get_object_or_404(
        RecruitmentText.objects.select_related("programme"), programme=programme, category=category
    )


def highlighted(text: str) -> SafeString:
    """``text`` as HTML with every unknown placeholder marked, and line breaks kept."""
    parts, last = [], 0
    for match in recruitment.ANY_PLACEHOLDER_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        if match.group(1) in recruitment.PLACEHOLDERS:
            parts.append(escape(match.group(0)))
        else:
            parts.append(f'<mark class="unknown-placeholder">{escape(match.group(0))}</mark>')
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts).replace("\n", "<br>\n"))  # noqa: S308  (every piece is escaped above)


def _filled(programme: Programme, dates, subject: str, body: str, link: str) -> tuple[str, str]:
    values = recruitment.text_context(programme=programme, dates=dates, signup_link=link)
    return recruitment.fill(subject, values), recruitment.fill(body, values)


def _preview(programme: Programme, category: str, dates, subject: str, body: str) -> dict:
    link = recruitment.signup_link(programme=programme, category=category)
    filled_subject, filled_body = _filled(programme, dates, subject, body, link)
    return {
        "subject": highlighted(filled_subject),
        "body": highlighted(filled_body),
        "unknown": recruitment.unknown_placeholders(f"{subject}\n{body}"),
    }


def _edit_context(
    programme: Programme, text: RecruitmentText, form: RecruitmentTextForm, preview: dict
) -> dict:
    dates = programme_dates(programme).all
    general_link = recruitment.signup_link(programme=programme, category=text.category)
    subject, body = _filled(programme, dates, text.subject, text.body, general_link)
    partners = []
    for partner in programme.partners.order_by("name"):
        link = recruitment.signup_link(programme=programme, category=text.category, partner=partner)
        p_subject, p_body = _filled(programme, dates, text.subject, text.body, link)
        title = _("QR-code met de aanmeldlink van %(partner)s") % {"partner": partner.name}
        partners.append(
            {
                "partner": partner,
                "link": link,
                "short_link": domain.partner_url(partner),
                "qr": mark_safe(recruitment.qr_svg(link, title=title, inline=True)),  # noqa: S308  (segno escapes)
                "copy": f"{p_subject}\n\n{p_body}",
            }
        )
    return {
        "programme": programme,
        "text": text,
        "category": Category(text.category),
        "who": CATEGORY_PLURAL[Category(text.category)],
        "advice": CHANNEL_ADVICE[Category(text.category)],
        "form": form,
        "preview": preview,
        "placeholders": recruitment.PLACEHOLDER_HELP,
        "general_link": general_link,
        "copy": f"{subject}\n\n{body}",
        "partners": partners,
    }


@login_required
@require_GET
def recruitment_list(request, slug: str):
    programme = managed_programme_or_404(request, slug)
    texts = [
        {
            "text": text,
            "advice": CHANNEL_ADVICE[Category(text.category)],
            "who": CATEGORY_PLURAL[Category(text.category)],
            "link": recruitment.signup_link(programme=programme, category=text.category),
        }
        for text in recruitment_texts(programme)
    ]
    return render(
        request,
        "programmes/recruitment/list.html",
        {"programme": programme, "texts": texts, "partners": list(programme.partners.order_by("name"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def recruitment_edit(request, slug: str, category: str):
    """Edit a category's text. "Voorbeeld" shows the text as typed, filled in, without saving (the page
    works without JavaScript; with it, the preview follows the typing through ``recruitment_preview``)."""
    programme = managed_programme_or_404(request, slug)
    text = _text_or_404(programme, category)
    dates = programme_dates(programme).all
    if request.method == "POST":
        form = RecruitmentTextForm(request.POST)
        if request.POST.get("actie") != "voorbeeld" and form.is_valid():
            domain.recruitment_text_update(
                text=text,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
            messages.success(request, _("De tekst is bewaard."))
            return redirect("programmes:recruitment_edit", slug=programme.slug, category=text.category)
        preview = _preview(programme, text.category, dates, *form.typed())
    else:
        form = RecruitmentTextForm(initial={"subject": text.subject, "body": text.body})
        preview = _preview(programme, text.category, dates, text.subject, text.body)
    return render(request, "programmes/recruitment/edit.html", _edit_context(programme, text, form, preview))


@login_required
@require_POST
def recruitment_preview(request, slug: str, category: str):
    """The live preview (HTMX): the text as typed, filled in with the programme's dates and contact."""
    programme = managed_programme_or_404(request, slug)
    text = _text_or_404(programme, category)
    form = RecruitmentTextForm(request.POST)
    preview = _preview(programme, text.category, programme_dates(programme).all, *form.typed())
    return render(request, "programmes/recruitment/_preview.html", {"preview": preview, "text": text})


@login_required
@require_POST
def recruitment_sent(request, slug: str, category: str):
    """Mark the text as sent (``verstuurd=1``) or take the mark back (``verstuurd=0``)."""
    programme = managed_programme_or_404(request, slug)
    text = _text_or_404(programme, category)
    sent = request.POST.get("verstuurd") != "0"
    domain.recruitment_text_mark_sent(text=text, sent=sent, by=request.user)
    if sent:
        messages.success(request, _("Gemarkeerd als verstuurd. De planning houdt er rekening mee."))
    else:
        messages.success(request, _("De tekst staat weer op niet verstuurd."))
    return redirect("programmes:recruitment_edit", slug=programme.slug, category=text.category)


@login_required
@require_http_methods(["GET", "POST"])
def recruitment_reset(request, slug: str, category: str):
    """Back to our own template, after a confirmation page (the kartrekker's wording is lost)."""
    programme = managed_programme_or_404(request, slug)
    text = _text_or_404(programme, category)
    if request.method == "POST":
        domain.recruitment_text_reset(text=text, by=request.user)
        messages.success(request, _("De tekst is weer onze standaardtekst."))
        return redirect("programmes:recruitment_edit", slug=programme.slug, category=text.category)
    return render(
        request,
        "programmes/recruitment/reset.html",
        {"programme": programme, "text": text, "who": CATEGORY_PLURAL[Category(text.category)]},
    )


@login_required
@require_GET
def recruitment_qr(request, slug: str, category: str, code: str):
    """The QR code of a partner's sign-up link for the category, as an SVG file to download."""
    programme = managed_programme_or_404(request, slug)
    text = _text_or_404(programme, category)
    partner = partner_by_code(programme, code)
    if partner is None:
        raise Http404
    link = recruitment.signup_link(programme=programme, category=text.category, partner=partner)
    title = _("QR-code met de aanmeldlink van %(partner)s") % {"partner": partner.name}
    response = HttpResponse(
        recruitment.qr_svg(link, title=title, inline=False), content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="qr-{programme.slug}-{text.category}-{partner.code}.svg"'
    )
    return response
