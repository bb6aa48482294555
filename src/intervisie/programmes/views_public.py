"""The public face of the programmes: the list of programmes in recruitment, a programme's page, the
sign-up per category (with attribution to a partner), the participant's own page, a parent's consent and
a partner contact accepting their invitation.

A draft programme is found only by those who may see it (``programmes.view_programme``); everyone else
gets 404, as for a programme that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from intervisie.common.htmx import is_htmx
from intervisie.common.ratelimit import over_limit
from intervisie.programmes import domain
from intervisie.programmes.enums import Category, ProgrammeStatus, SignupStatus
from intervisie.programmes.forms_signup import ProgrammeSearchForm, SignupForm
from intervisie.programmes.models import Partner, Programme, Signup
from intervisie.programmes.selectors_public import (
    SORTS,
    availability_groups,
    dates_for_group,
    partner_by_code,
    programme_dates,
    recruiting_programmes,
)

PAGE_SIZE = 20
# Sign-ups per address (or, for a professional signing up young people, per account) per hour: enough
# for a person, too few for a bot.
SIGNUP_RATE_LIMIT = 5
SIGNUP_RATE_WINDOW = 3600
# Session keys: the partner whose link brought this browser to a programme, and the last sign-up made
# from it (the confirmation page shows it, nothing else does).
PARTNER_SESSION_KEY = "programme-partner-{pk}"
SIGNUP_SESSION_KEY = "programme-signup-{pk}"

# What each category gets out of it (seed 003, "Wat brengt deze werkvorm jou?").
CATEGORY_PITCH = {
    Category.STUDENT: gettext_lazy(
        "Je leert nu al hoe belangrijk samenwerken is en waar je in de praktijk mee kunt worstelen. Je werkt aan "
        "reflecteren en leren van elkaar. Voor het 3e of 4e studiejaar."
    ),
    Category.PROFESSIONAL: gettext_lazy(
        "Je ziet wat er in andere organisaties gebeurt en hoe jongeren, ouders en studenten naar je aanpak kijken. "
        "Bij een volgend casusoverleg begrijp je sneller waar een ander anders kijkt."
    ),
    Category.PARENT: gettext_lazy(
        "Met je eigen ervaring help je professionals verder. Je praat zelf mee, zodat het gesprek niet alleen "
        "over jullie gaat."
    ),
    Category.YOUNG_PERSON: gettext_lazy(
        "Jij weet dingen die professionals soms niet zien. Je praat mee in een kleine groep en zo leren zij van "
        "jou. Ben je jonger dan 16? Dan geeft een ouder of verzorger ook toestemming."
    ),
}

# The person's own page says where their sign-up stands, in words.
STATUS_TEXT = {
    SignupStatus.AWAITING_CONSENT: gettext_lazy(
        "Je aanmelding wacht op toestemming van je ouder of verzorger. Die kreeg een e-mail met een link. Pas "
        "daarna telt je aanmelding mee."
    ),
    SignupStatus.SIGNED_UP: gettext_lazy(
        "Je bent aangemeld. Als het aanmelden sluit, stelt de kartrekker de groepen samen. Je hoort per e-mail "
        "of je mee kunt doen."
    ),
    SignupStatus.INVITED: gettext_lazy(
        "Je kunt meedoen. Je hoort binnenkort in welke groep je zit. Koppel je account, dan zie je straks je "
        "groep, de data en de afspraken."
    ),
    SignupStatus.RESERVE: gettext_lazy(
        "Je staat op de reservelijst. Komt er een plaats vrij die bij je past, dan hoor je het per e-mail."
    ),
    SignupStatus.DECLINED: gettext_lazy(
        "Deze keer is er geen plaats voor je. Dat ligt niet aan jou: we zoeken een mix van mensen per groep. "
        "Bedankt voor je aanmelding."
    ),
    SignupStatus.PLACED: gettext_lazy("Je zit in een groep. Hieronder zie je de data."),
    SignupStatus.WITHDRAWN: gettext_lazy(
        "Je bent afgemeld. Je gegevens gebruiken we niet meer voor dit programma."
    ),
}


def visible_programme_or_404(request, slug: str) -> Programme:
    """A programme for its public pages: a draft only for those who may see it (404 for the rest)."""
    programme = get_object_or_404(Programme.objects.select_related("initiator"), slug=slug)
    if programme.status == ProgrammeStatus.DRAFT and not request.user.has_perm(
        "programmes.view_programme", programme
    ):
        raise Http404
    return programme


def _category_or_404(category: str) -> Category:
    if category not in Category.values:
        raise Http404
    return Category(category)


def _session_partner(request, programme: Programme) -> Partner | None:
    pk = request.session.get(PARTNER_SESSION_KEY.format(pk=programme.pk))
    return Partner.objects.filter(pk=pk, programme=programme).first() if pk else None


def _remember_partner(request, programme: Programme, partner: Partner) -> None:
    request.session[PARTNER_SESSION_KEY.format(pk=programme.pk)] = partner.pk


def _rate_limited(key: str) -> bool:
    return over_limit(f"programme-signup:{key}", limit=SIGNUP_RATE_LIMIT, window=SIGNUP_RATE_WINDOW)


# --- The list and a programme's page -----------------------------------------------------------------------


@require_GET
def programme_list(request):
    """Programmes that take sign-ups now, with search, sorting and pages."""
    form = ProgrammeSearchForm(request.GET)
    valid = form.is_valid()
    query = form.cleaned_data.get("q", "").strip() if valid else ""
    sort = (form.cleaned_data.get("sorteer") if valid else "") or "sluit"
    sort = sort if sort in SORTS else "sluit"
    page = Paginator(recruiting_programmes(query=query, sort=sort), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    context = {"form": form, "page": page, "query": query, "sort": sort}
    template = "programmes/public/list.html#results" if is_htmx(request) else "programmes/public/list.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@require_GET
def programme_detail(request, slug: str):
    programme = visible_programme_or_404(request, slug)
    dates = programme_dates(programme)
    context = {
        "programme": programme,
        "dates": dates,
        "groups": availability_groups(programme, dates),
        "questions": [line.strip() for line in programme.leading_questions.splitlines() if line.strip()],
        "categories": [(category, CATEGORY_PITCH[category]) for category in Category],
        "is_open": programme.status == ProgrammeStatus.RECRUITING,
        "partner": _session_partner(request, programme),
        "can_manage": request.user.has_perm("programmes.manage_programme", programme),
    }
    return render(request, "programmes/public/detail.html", context)


@require_GET
def partner_link(request, slug: str, code: str, category: str | None = None):
    """A partner's recruitment link: remembers the partner for this programme (sign-ups made afterwards
    are attributed to it) and goes on to the programme's page, or straight to a category's sign-up."""
    programme = visible_programme_or_404(request, slug)
    if category is not None:
        _category_or_404(category)
    partner = partner_by_code(programme, code)
    if partner is None:
        raise Http404
    _remember_partner(request, programme, partner)
    if category is not None:
        return redirect("programmes:signup", slug=programme.slug, category=category)
    return redirect("programmes:detail", slug=programme.slug)


# --- Signing up --------------------------------------------------------------------------------------------


def _signup_page(request, programme: Programme, category: Category, *, recorded: bool):
    """The sign-up form of ``category`` (``recorded``: a professional signs up a young person), its checks
    and the call to ``domain.signup_create``; a refusal is shown above the form with everything typed."""
    via = request.GET.get("via")
    if via is not None:
        # Only a well-formed code is looked up (PostgreSQL answers a NUL in a query with an error).
        partner = partner_by_code(programme, via) if slug_re.fullmatch(via) else None
        if partner is None:
            raise Http404
        _remember_partner(request, programme, partner)
    else:
        partner = _session_partner(request, programme)
    closed = programme.status not in {ProgrammeStatus.RECRUITING, ProgrammeStatus.DRAFT}
    dates = programme_dates(programme)
    context = {
        "programme": programme,
        "category": category,
        "pitch": CATEGORY_PITCH[category],
        "partner": partner,
        "dates": dates,
        "closed": closed,
        "recorded": recorded,
    }
    if closed:
        return render(request, "programmes/public/signup.html", context)
    form = SignupForm(
        request.POST or None,
        programme=programme,
        category=category,
        groups=availability_groups(programme, dates),
        partner=partner,
        recorded=recorded,
    )
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            # A bot gets the same page a person gets, and nothing is saved or sent.
            return redirect("programmes:signup_done", slug=programme.slug, category=category)
        limit_key = f"user:{request.user.pk}" if recorded else f"ip:{request.META.get('REMOTE_ADDR', '')}"
        if _rate_limited(limit_key):
            form.add_error(
                None, _("Er zijn het afgelopen uur al veel aanmeldingen gedaan. Probeer het later nog eens.")
            )
        else:
            try:
                signup = domain.signup_create(
                    programme=programme,
                    signup=form.to_signup(),
                    recorded_by=request.user if recorded else None,
                    subject_consent=bool(form.cleaned_data.get("subject_consent")),
                )
            except domain.ProgrammeError as error:
                form.add_error(None, str(error))
            else:
                request.session[SIGNUP_SESSION_KEY.format(pk=programme.pk)] = signup.pk
                return redirect("programmes:signup_done", slug=programme.slug, category=category)
    context["form"] = form
    context["year_warning"] = form.year_warning() if form.is_bound else ""
    return render(request, "programmes/public/signup.html", context)


@require_http_methods(["GET", "POST"])
def signup_create(request, slug: str, category: str):
    programme = visible_programme_or_404(request, slug)
    return _signup_page(request, programme, _category_or_404(category), recorded=False)


@login_required
@require_http_methods(["GET", "POST"])
def signup_recorded(request, slug: str):
    """A professional signs up a young person they spoke to in person, with that young person's consent
    (recorded with the professional's name and the time)."""
    programme = visible_programme_or_404(request, slug)
    return _signup_page(request, programme, Category.YOUNG_PERSON, recorded=True)


@require_GET
def signup_done(request, slug: str, category: str):
    """After a sign-up (post/redirect/get): what happens next. The sign-up itself is shown only in the
    browser that made it; the personal link goes by e-mail only, so it proves the address is theirs."""
    programme = visible_programme_or_404(request, slug)
    category = _category_or_404(category)
    pk = request.session.get(SIGNUP_SESSION_KEY.format(pk=programme.pk))
    signup = Signup.objects.filter(pk=pk, programme=programme).first() if pk else None
    context = {
        "programme": programme,
        "category": category,
        "signup": signup,
        "year_warning": domain.student_year_warning(signup) if signup else "",
        "recorded": bool(signup and signup.recorded_by_id and signup.recorded_by_id == request.user.pk),
    }
    return render(request, "programmes/public/signup_done.html", context)


# --- The participant's own page ----------------------------------------------------------------------------


def _signup_by_token(token: str) -> Signup:
    return get_object_or_404(
        Signup.objects.select_related(
            "programme", "programme__initiator", "group", "partner", "organisation"
        ),
        token=token,
    )


@require_GET
def signup_follow(request, token: str):
    """The person's own page through the link in their e-mail: where the sign-up stands, the dates, what
    we keep about them, withdrawing and linking an account."""
    signup = _signup_by_token(token)
    dates = programme_dates(signup.programme)
    status = SignupStatus(signup.status)
    context = {
        "signup": signup,
        "programme": signup.programme,
        "status_text": STATUS_TEXT[status],
        "dates": dates_for_group(dates, signup.group_id),
        "can_withdraw": SignupStatus.WITHDRAWN in domain.SIGNUP_TRANSITIONS[status],
        "can_link": status in {SignupStatus.INVITED, SignupStatus.PLACED},
        "linked_to_me": request.user.is_authenticated and signup.user_id == request.user.pk,
    }
    return render(request, "programmes/public/follow.html", context)


@require_http_methods(["GET", "POST"])
def signup_withdraw(request, token: str):
    """Withdrawing, after a confirmation page (it cannot be undone: signing up again is a new sign-up)."""
    signup = _signup_by_token(token)
    if request.method == "POST":
        by = request.user if request.user.is_authenticated else None
        try:
            domain.set_signup_status(signup=signup, status=SignupStatus.WITHDRAWN, by=by, note="self")
        except domain.ProgrammeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Je bent afgemeld. Jammer dat je niet meedoet."))
        return redirect("programmes:signup_follow", token=token)
    if SignupStatus.WITHDRAWN not in domain.SIGNUP_TRANSITIONS[SignupStatus(signup.status)]:
        return redirect("programmes:signup_follow", token=token)
    return render(
        request, "programmes/public/withdraw.html", {"signup": signup, "programme": signup.programme}
    )


@login_required
@require_http_methods(["GET", "POST"])
def signup_link(request, token: str):
    """An invited or placed person links the sign-up to the account they are logged in with."""
    signup = _signup_by_token(token)
    if request.method == "POST":
        try:
            domain.signup_link_account(signup=signup, user=request.user)
        except domain.ProgrammeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Je aanmelding hoort nu bij je account."))
        return redirect("programmes:signup_follow", token=token)
    return render(
        request, "programmes/public/link_account.html", {"signup": signup, "programme": signup.programme}
    )


# --- A parent's consent ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def parent_consent(request, token: str):
    """A parent or carer sees what their child signed up for and gives consent (or not). The link works
    once: afterwards it says what was decided and nothing more."""
    signup = get_object_or_404(Signup.objects.select_related("programme"), parent_token=token)
    waiting = signup.status == SignupStatus.AWAITING_CONSENT
    if request.method == "POST" and waiting:
        try:
            if request.POST.get("answer") == "nee":
                domain.set_signup_status(
                    signup=signup, status=SignupStatus.WITHDRAWN, by=None, note="parent_refused"
                )
            else:
                domain.parent_consent_give(signup=signup)
        except domain.ProgrammeError as error:
            messages.error(request, str(error))
        return redirect("programmes:parent_consent", token=token)
    context = {"signup": signup, "programme": signup.programme, "waiting": waiting}
    if waiting:
        context["dates"] = programme_dates(signup.programme)
    return render(request, "programmes/public/parent_consent.html", context)


# --- A partner contact accepts the invitation ---------------------------------------------------------------


def _partner_page_url(partner: Partner) -> str | None:
    """The partner's own page, once that part of the app exists (``programmes:partner``)."""
    try:
        return reverse("programmes:partner", args=[partner.programme.slug, partner.code])
    except NoReverseMatch:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def partner_accept(request, token: str):
    """The invited contact person accepts, logged in with the invited e-mail address (the domain checks)."""
    partner = get_object_or_404(
        Partner.objects.select_related("programme", "programme__initiator"), invite_token=token
    )
    error = ""
    if request.method == "POST":
        try:
            domain.partner_accept(partner=partner, user=request.user)
        except domain.ProgrammeError as refused:
            error = str(refused)
        else:
            messages.success(
                request, _("Je bent nu contactpersoon van %(partner)s.") % {"partner": partner.name}
            )
            page = _partner_page_url(partner)
            if page is not None:
                return redirect(page)
            # Until the partner page exists: the programme's page, or (a draft, which only its team
            # sees) this page, which now says they are a contact.
            if partner.programme.status == ProgrammeStatus.DRAFT:
                return redirect("programmes:partner_accept", token=token)
            return redirect("programmes:detail", slug=partner.programme.slug)
    context = {
        "partner": partner,
        "programme": partner.programme,
        "error": error,
        "is_contact": partner.contact_links.filter(user=request.user).exists(),
        "partner_page": _partner_page_url(partner),
    }
    return render(request, "programmes/public/partner_accept.html", context)
