from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from intervisie.billing.enums import QuoteStatus
from intervisie.billing.money import line_amounts
from intervisie.billing.pdf import quote_pdf
from intervisie.billing.selectors import document_totals
from intervisie.common.ratelimit import over_limit
from intervisie.meetings.models import Meeting
from intervisie.providers.models import Provider
from intervisie.trajectories.domain import (
    TRANSITIONS,
    WAITS_ON,
    QuoteAnswer,
    RequestData,
    TransitionRefused,
    WaitsOn,
    accept_participation,
    answer_quote,
    close_trajectory,
    follow_url,
    intro_link_url,
    invite_to_introduction,
    join_introduction,
    note_expectations,
    note_meeting_aspects,
    quote_from_link,
    quote_link,
    reader_document_add,
    reader_document_remove,
    reader_opened,
    send_quote,
    set_trajectory_state,
    trajectory_request,
)
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.forms import (
    AcceptQuoteForm,
    CancelForm,
    ChangeQuoteForm,
    CloseForm,
    DeclineForm,
    DeclineQuoteForm,
    ExpectationsForm,
    IntroductionForm,
    IntroductionHeldForm,
    IntroInviteForm,
    IntroJoinForm,
    MeetingAspectsForm,
    ProviderFilterForm,
    QuoteForm,
    ReaderDocumentForm,
    RequestForm,
    TalkForm,
)
from intervisie.trajectories.invoicing import trajectory_invoices
from intervisie.trajectories.models import (
    IntroInvite,
    ParticipantInvite,
    ReaderDocument,
    Trajectory,
)
from intervisie.trajectories.reporting import report_client_link
from intervisie.trajectories.selectors import (
    board_trajectories,
    client_trajectories,
    meeting_overview,
    owned_providers,
    provider_ids_of,
    providers_for_list,
    trajectory_meetings,
)

# Requests per address per hour: enough for a person, too few for a bot.
REQUEST_RATE_LIMIT = 5
REQUEST_RATE_WINDOW = 3600


def provider_list(request):
    """The public list of providers of guided trajectories, with filters."""
    form = ProviderFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    providers = providers_for_list(
        region=filters.get("regio") or "",
        online=bool(filters.get("online")),
        method=filters.get("methode"),
        register=filters.get("register") or "",
    )
    page = Paginator(providers, 20).get_page(request.GET.get("pagina"))
    return render(request, "trajectories/provider_list.html", {"form": form, "page": page})


def _rate_limited(request) -> bool:
    key = f"trajectory-request:{request.META.get('REMOTE_ADDR', '')}"
    return over_limit(key, limit=REQUEST_RATE_LIMIT, window=REQUEST_RATE_WINDOW)


@require_http_methods(["GET", "POST"])
def request_create(request, slug: str | None = None):
    """Step 1: a client asks for an exploratory talk, with or without a provider chosen beforehand."""
    provider = get_object_or_404(Provider, slug=slug, is_published=True) if slug else None
    form = RequestForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            # A bot gets the same page a person gets, and nothing is saved or sent.
            return redirect("trajectories:request_sent")
        if _rate_limited(request):
            form.add_error(
                None, _("Je hebt het afgelopen uur al veel aanvragen gedaan. Probeer het later nog eens.")
            )
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k in RequestData.__dataclass_fields__}
            trajectory = trajectory_request(
                provider=form.chosen_provider(), data=RequestData(**data), by=request.user
            )
            return redirect("trajectories:follow", token=trajectory.follow_token)
    return render(request, "trajectories/request_form.html", {"form": form, "provider": provider})


def request_sent(request):
    return render(request, "trajectories/request_sent.html")


def _follow_context(trajectory: Trajectory, invite_form=None) -> dict:
    context = {"trajectory": trajectory}
    if trajectory.quote_id:
        context["quote_link"] = quote_link(trajectory.quote)
    context["report_link"] = report_client_link(trajectory=trajectory)
    context["meetings"] = trajectory_meetings(trajectory)
    context["invoices"] = [(i, document_totals(i)) for i in trajectory_invoices(trajectory=trajectory)]
    if trajectory.state == TrajectoryState.INTRODUCTION_PLANNED:
        context["invite_form"] = invite_form or IntroInviteForm()
        context["intro_link"] = intro_link_url(trajectory)
        # Names only: what the invitees expect is theirs and the begeleider's, not the client's.
        context["invited"] = list(trajectory.intro_invites.values_list("name", flat=True))
    return context


@require_http_methods(["GET", "POST"])
def follow(request, token: str):
    """The client's page for their request: where it stands and what happens next. The token is the key;
    it shows nothing the provider keeps to itself (talk notes) nor what invitees wrote. While the
    introduction is planned, the client invites the group here."""
    trajectory = get_object_or_404(Trajectory.objects.select_related("provider", "quote"), follow_token=token)
    form = None
    if request.method == "POST":
        form = IntroInviteForm(request.POST)
        if trajectory.state != TrajectoryState.INTRODUCTION_PLANNED:
            messages.error(request, _("Uitnodigen kan als de kennismaking met de groep gepland is."))
            return redirect("trajectories:follow", token=token)
        if form.is_valid():
            try:
                invites = invite_to_introduction(trajectory=trajectory, people=form.cleaned_data["people"])
            except TransitionRefused as refused:
                form.add_error("people", refused.messages[0])
            else:
                messages.success(request, _invited_message(len(invites)))
                return redirect("trajectories:follow", token=token)
    return render(request, "trajectories/follow.html", _follow_context(trajectory, form))


def _invited_message(count: int) -> str:
    if not count:
        return _("Iedereen op je lijst was al uitgenodigd.")
    return ngettext(
        "%(count)s persoon uitgenodigd. Die krijgt een e-mail met de datum en een agendabestand.",
        "%(count)s mensen uitgenodigd. Ze krijgen een e-mail met de datum en een agendabestand.",
        count,
    ) % {"count": count}


@require_http_methods(["GET", "POST"])
def expectations(request, token: str):
    """An invitee's own page for the introduction: date, place, and their expectations (before or after)."""
    invite = get_object_or_404(IntroInvite.objects.select_related("trajectory__provider"), token=token)
    trajectory = invite.trajectory
    open_for_answers = trajectory.state in {
        TrajectoryState.INTRODUCTION_PLANNED,
        TrajectoryState.INTRODUCTION_HELD,
    }
    form = ExpectationsForm(request.POST or None, initial={"expectations": invite.expectations})
    if request.method == "POST" and open_for_answers and form.is_valid():
        note_expectations(invite=invite, expectations=form.cleaned_data["expectations"])
        messages.success(request, _("Dank je wel. De begeleider leest je verwachtingen."))
        return redirect("trajectories:expectations", token=token)
    return render(
        request,
        "trajectories/expectations.html",
        {"invite": invite, "trajectory": trajectory, "form": form, "open_for_answers": open_for_answers},
    )


@require_http_methods(["GET", "POST"])
def intro_join(request, token: str):
    """The invitation link the client shared with the group: anyone with it signs up for the introduction."""
    trajectory = get_object_or_404(Trajectory.objects.select_related("provider"), intro_token=token)
    form = IntroJoinForm(request.POST or None)
    is_open = trajectory.state == TrajectoryState.INTRODUCTION_PLANNED
    if request.method == "POST" and is_open and form.is_valid():
        try:
            invite = join_introduction(
                trajectory=trajectory,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                expectations=form.cleaned_data["expectations"],
            )
        except TransitionRefused as refused:
            form.add_error(None, refused.messages[0])
        else:
            messages.success(
                request, _("Je bent aangemeld. Je krijgt een e-mail met de datum en een agendabestand.")
            )
            return redirect("trajectories:expectations", token=invite.token)
    return render(
        request, "trajectories/intro_join.html", {"trajectory": trajectory, "form": form, "is_open": is_open}
    )


# --- The provider's board (step 2 onwards) ------------------------------------------------------------------


def managed_trajectory_or_404(request, pk: int) -> Trajectory:
    """Only the begeleiders of the trajectory's provider get it; everyone else gets 404 (no hint that it
    exists), a superuser or staff admin too."""
    trajectory = get_object_or_404(
        Trajectory.objects.select_related("provider", "begeleider", "quote", "group"), pk=pk
    )
    if not request.user.has_perm("trajectories.manage_trajectory", trajectory):
        raise Http404
    return trajectory


WAITS_ON_LABELS = {
    WaitsOn.PROVIDER: gettext_lazy("Wacht op jou"),
    WaitsOn.CLIENT: gettext_lazy("Wacht op de opdrachtgever"),
    WaitsOn.GROUP: gettext_lazy("Wacht op de groep"),
}


@login_required
def board(request):
    """The provider's board: their trajectories by state, with counts, oldest waiting first."""
    trajectories = list(board_trajectories(user=request.user))
    counts = Counter(t.state for t in trajectories)
    columns = [
        {
            "state": state,
            "label": state.label,
            "count": counts.get(state, 0),
            "items": [t for t in trajectories if t.state == state],
            "waits_on": WAITS_ON_LABELS.get(WAITS_ON.get(state), ""),
        }
        for state in TrajectoryState
        if counts.get(state)
    ]
    return render(
        request,
        "trajectories/board.html",
        {
            "columns": columns,
            "total": len(trajectories),
            "is_provider": provider_ids_of(user=request.user),
            "owned_providers": owned_providers(user=request.user),
        },
    )


STEP_FORMS = {
    TrajectoryState.TALK_PLANNED: TalkForm,
    TrajectoryState.TALK_DECLINED: DeclineForm,
    TrajectoryState.INTRODUCTION_PLANNED: IntroductionForm,
    TrajectoryState.INTRODUCTION_HELD: IntroductionHeldForm,
    TrajectoryState.QUOTE_SENT: QuoteForm,
    TrajectoryState.CLOSED: CloseForm,
    TrajectoryState.CANCELLED: CancelForm,
}


def _step_forms(trajectory: Trajectory, data=None, posted: str = "") -> dict:
    """The forms for the steps that can follow now (and that this page offers), bound for ``posted``."""
    allowed = TRANSITIONS[trajectory.state]
    forms = {}
    for state, form_class in STEP_FORMS.items():
        if state not in allowed:
            continue
        initial = form_class.initial_for(trajectory) if form_class is QuoteForm else None
        forms[state] = form_class(data if state == posted else None, prefix=state, initial=initial)
    return forms


def _quote_pdf_response(quote) -> HttpResponse:
    response = HttpResponse(quote_pdf(quote), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="offerte-{quote.code.lower()}.pdf"'
    return response


def _detail_context(trajectory: Trajectory, forms: dict, invite_form=None, document_form=None) -> dict:
    context = {"trajectory": trajectory, "forms": forms}
    if trajectory.state in {TrajectoryState.INTRODUCTION_PLANNED, TrajectoryState.INTRODUCTION_HELD}:
        context["invites"] = list(trajectory.intro_invites.all())
        context["intro_link"] = intro_link_url(trajectory)
    if trajectory.state == TrajectoryState.INTRODUCTION_PLANNED:
        context["invite_form"] = invite_form or IntroInviteForm()
    if trajectory.group_id:
        context["group"] = trajectory.group
        context["meetings"] = trajectory_meetings(trajectory)
        context["meeting_rows"] = [
            (row, MeetingAspectsForm(initial={"aspects": row.aspects}, prefix=f"m{row.meeting.pk}"))
            for row in meeting_overview(trajectory=trajectory, meetings=context["meetings"])
        ]
        opened = dict(trajectory.reader_opens.values_list("user_id", "opened_at"))
        context["participants"] = [
            (invite, opened.get(invite.accepted_by_id)) for invite in trajectory.participant_invites.all()
        ]
        context["documents"] = list(trajectory.provider.reader_documents.all())
        context["document_form"] = document_form or ReaderDocumentForm()
    if trajectory.quote_id:
        context["quote"] = trajectory.quote
        context["quote_totals"] = document_totals(trajectory.quote)
        context["quote_link"] = quote_link(trajectory.quote)
    return context


@login_required
def detail(request, pk: int):
    trajectory = managed_trajectory_or_404(request, pk)
    return render(request, "trajectories/detail.html", _detail_context(trajectory, _step_forms(trajectory)))


@login_required
@require_POST
def invite(request, pk: int):
    """The begeleider invites people to the introduction (when the client gave the names to them)."""
    trajectory = managed_trajectory_or_404(request, pk)
    form = IntroInviteForm(request.POST)
    if form.is_valid():
        try:
            invites = invite_to_introduction(
                trajectory=trajectory, people=form.cleaned_data["people"], by=request.user
            )
        except TransitionRefused as refused:
            form.add_error("people", refused.messages[0])
        else:
            messages.success(request, _invited_message(len(invites)))
            return redirect("trajectories:detail", pk=trajectory.pk)
    return render(
        request, "trajectories/detail.html", _detail_context(trajectory, _step_forms(trajectory), form)
    )


@login_required
@require_POST
def step(request, pk: int, state: str):
    """Take the step to ``state`` with its form; a refused step or bad input shows the page again with
    the message and everything typed."""
    trajectory = managed_trajectory_or_404(request, pk)
    if state not in STEP_FORMS:
        raise Http404
    forms = _step_forms(trajectory, request.POST, posted=state)
    form = forms.get(state)
    if form is None:
        messages.error(
            request,
            _("Dit kan nu niet: het traject staat op “%(state)s”.")
            % {"state": trajectory.get_state_display()},
        )
        return redirect("trajectories:detail", pk=trajectory.pk)
    if form.is_valid() and isinstance(form, CloseForm):
        try:
            result = close_trajectory(trajectory=trajectory, by=request.user)
        except TransitionRefused as refused:
            form.add_error(None, refused.messages[0])
        else:
            messages.success(
                request,
                ngettext(
                    "Het traject is afgesloten. %(count)s deelnemer kreeg een certificaat.",
                    "Het traject is afgesloten. %(count)s deelnemers kregen een certificaat.",
                    len(result.issued),
                )
                % {"count": len(result.issued)},
            )
            return redirect("trajectories:detail", pk=trajectory.pk)
    elif form.is_valid() and isinstance(form, QuoteForm):
        try:
            send_quote(
                trajectory=trajectory,
                agreement=form.agreement(),
                introduction=form.cleaned_data["introduction"],
                terms=form.cleaned_data["terms"],
                valid_until=form.cleaned_data["valid_until"],
                by=request.user,
            )
        except ValidationError as refused:
            form.add_error(None, refused.messages[0])
        else:
            messages.success(
                request, _("De offerte is verstuurd. De opdrachtgever krijgt een e-mail met de link.")
            )
            return redirect("trajectories:detail", pk=trajectory.pk)
    elif form.is_valid():
        if isinstance(form, TalkForm):
            fields = form.fields_for_step(begeleider=request.user)
        elif isinstance(form, IntroductionForm):
            fields = form.fields_for_step()
        elif isinstance(form, IntroductionHeldForm):
            fields = {"agreed_focus": form.cleaned_data["agreed_focus"]}
        else:
            fields = {"decline_reason": form.cleaned_data["reason"]}
            if state == TrajectoryState.TALK_DECLINED:
                fields["talk_notes"] = form.cleaned_data["notes"]
        try:
            set_trajectory_state(trajectory, state, by=request.user, fields=fields)
        except TransitionRefused as refused:
            form.add_error(None, refused.messages[0])
        else:
            messages.success(
                request,
                _("Opgeslagen: het traject staat nu op “%(state)s”.")
                % {"state": TrajectoryState(state).label},
            )
            return redirect("trajectories:detail", pk=trajectory.pk)
    return render(request, "trajectories/detail.html", _detail_context(trajectory, forms))


@login_required
def quote_pdf_download(request, pk: int):
    """The begeleider's copy of the current quote as PDF."""
    trajectory = managed_trajectory_or_404(request, pk)
    if trajectory.quote is None:
        raise Http404
    return _quote_pdf_response(trajectory.quote)


# --- The client's answer (step 5): a signed link, no account --------------------------------------------

ANSWER_FORMS = {
    QuoteAnswer.ACCEPT: AcceptQuoteForm,
    QuoteAnswer.DECLINE: DeclineQuoteForm,
    QuoteAnswer.CHANGE: ChangeQuoteForm,
}


def _quote_or_404(value: str):
    quote = quote_from_link(value)
    if quote is None:
        raise Http404
    return quote


@require_http_methods(["GET", "POST"])
def quote_answer(request, value: str):
    """The client reads the quote, downloads it and answers: accept (name and function), decline (a
    reason) or ask for a change. A quote that was answered, replaced or has expired shows what happened,
    without the forms."""
    quote = _quote_or_404(value)
    trajectory = Trajectory.objects.select_related("provider").filter(quote=quote).first()
    forms = {answer: form_class(prefix=answer) for answer, form_class in ANSWER_FORMS.items()}
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if answer not in ANSWER_FORMS:
            messages.error(request, _("Kies of je akkoord gaat, nee zegt of een wijziging vraagt."))
            return redirect("trajectories:quote_answer", value=value)
        form = forms[answer] = ANSWER_FORMS[answer](request.POST, prefix=answer)
        if form.is_valid():
            data = form.cleaned_data
            try:
                answer_quote(
                    quote=quote,
                    answer=answer,
                    name=data.get("name", ""),
                    function=data.get("function", ""),
                    note=data.get("note", ""),
                    ip=request.META.get("REMOTE_ADDR"),
                )
            except ValidationError as refused:
                if hasattr(refused, "error_dict"):
                    for field, errors in refused.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    messages.error(request, refused.messages[0])
                    return redirect("trajectories:quote_answer", value=value)
            else:
                messages.success(request, ANSWER_THANKS[answer])
                return redirect("trajectories:quote_answer", value=value)
    quote.refresh_from_db()
    open_for_answer = (
        trajectory is not None
        and quote.status == QuoteStatus.SENT
        and quote.valid_until >= timezone.localdate()
    )
    return render(
        request,
        "trajectories/quote_answer.html",
        {
            "quote": quote,
            "lines": [
                (
                    line,
                    line_amounts(quantity=line.quantity, unit_price=line.unit_price, vat_rate=line.vat_rate),
                )
                for line in quote.lines.all()
            ],
            "totals": document_totals(quote),
            "trajectory": trajectory,
            "forms": forms if open_for_answer else None,
            "expired": quote.status == QuoteStatus.SENT and quote.valid_until < timezone.localdate(),
            "value": value,
        },
    )


ANSWER_THANKS = {
    QuoteAnswer.ACCEPT: gettext_lazy(
        "Dank je wel! Je bent akkoord. De begeleider neemt contact op om te beginnen."
    ),
    QuoteAnswer.DECLINE: gettext_lazy("Je hebt de offerte afgewezen. De begeleider krijgt je reden."),
    QuoteAnswer.CHANGE: gettext_lazy(
        "Je vraag om een wijziging is verstuurd. Je krijgt een nieuwe versie per e-mail."
    ),
}


def quote_answer_pdf(request, value: str):
    return _quote_pdf_response(_quote_or_404(value))


# --- Step 6: participants join; the reader -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def participate(request, token: str):
    """A participant's invitation to the running trajectory's group. Without an account they make one
    (or log in) and come back here; then one click makes them a member."""
    invite = get_object_or_404(
        ParticipantInvite.objects.select_related("trajectory__provider", "trajectory__group"), token=token
    )
    trajectory = invite.trajectory
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            accept_participation(invite=invite, user=request.user)
        except TransitionRefused as refused:
            messages.error(request, refused.messages[0])
            return redirect("trajectories:participate", token=token)
        messages.success(request, _("Welkom in de groep! Hier vind je de reader en de data."))
        return redirect("trajectories:reader", pk=trajectory.pk)
    meetings = trajectory_meetings(trajectory)
    return render(
        request,
        "trajectories/participate.html",
        {
            "invite": invite,
            "trajectory": trajectory,
            "meetings": meetings,
            "joined": request.user.is_authenticated and invite.accepted_by_id == request.user.pk,
            "taken": invite.accepted_by_id is not None
            and (not request.user.is_authenticated or invite.accepted_by_id != request.user.pk),
            "running": trajectory.state == TrajectoryState.RUNNING,
        },
    )


def _reader_trajectory_or_404(request, pk: int) -> Trajectory:
    trajectory = get_object_or_404(Trajectory.objects.select_related("provider", "group"), pk=pk)
    if not request.user.has_perm("trajectories.read_reader", trajectory):
        raise Http404
    return trajectory


@login_required
def reader(request, pk: int):
    """The reader: the provider's documents and our own text on intervision theory, with the dates."""
    trajectory = _reader_trajectory_or_404(request, pk)
    if not request.user.has_perm("trajectories.manage_trajectory", trajectory):
        reader_opened(trajectory=trajectory, user=request.user)
    meetings = trajectory_meetings(trajectory)
    return render(
        request,
        "trajectories/reader.html",
        {
            "trajectory": trajectory,
            "documents": list(trajectory.provider.reader_documents.all()),
            "meetings": meetings,
        },
    )


@login_required
def reader_document(request, pk: int, document: int):
    trajectory = _reader_trajectory_or_404(request, pk)
    item = get_object_or_404(ReaderDocument, pk=document, provider=trajectory.provider)
    # At most 5 MB (checked on upload): read whole, so no file handle outlives the request.
    try:
        with item.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(item.title) or "document"}.pdf"'
    return response


@login_required
@require_POST
def reader_upload(request, pk: int):
    trajectory = managed_trajectory_or_404(request, pk)
    form = ReaderDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            reader_document_add(
                provider=trajectory.provider,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, _("Het document staat in de reader."))
            return redirect("trajectories:detail", pk=trajectory.pk)
    return render(
        request,
        "trajectories/detail.html",
        _detail_context(trajectory, _step_forms(trajectory), document_form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reader_remove(request, pk: int, document: int):
    trajectory = managed_trajectory_or_404(request, pk)
    item = get_object_or_404(ReaderDocument, pk=document, provider=trajectory.provider)
    if request.method == "POST":
        reader_document_remove(document=item, by=request.user)
        messages.success(request, _("Het document is uit de reader gehaald."))
        return redirect("trajectories:detail", pk=trajectory.pk)
    return render(request, "trajectories/reader_remove.html", {"trajectory": trajectory, "document": item})


@login_required
@require_POST
def meeting_aspects(request, pk: int, meeting: int):
    """The begeleider notes which aspects a meeting of the trajectory practised."""
    trajectory = managed_trajectory_or_404(request, pk)
    item = get_object_or_404(Meeting, pk=meeting, group_id=trajectory.group_id)
    form = MeetingAspectsForm(request.POST, prefix=f"m{item.pk}")
    if form.is_valid():
        note_meeting_aspects(
            trajectory=trajectory, meeting=item, aspects=form.cleaned_data["aspects"], by=request.user
        )
        messages.success(
            request, _("Opgeslagen wat er in “%(meeting)s” is geoefend.") % {"meeting": item.title}
        )
    else:
        messages.error(request, _("Kies onderdelen uit de lijst."))
    return redirect(f"{reverse('trajectories:detail', args=[trajectory.pk])}#bijeenkomst-{item.pk}")


@login_required
def mine(request):
    """The client's page: their requests with where each stands, the quote and the link to follow it.
    Never the participants' own content."""
    page = Paginator(client_trajectories(user=request.user), 20).get_page(request.GET.get("pagina"))
    rows = [(t, quote_link(t.quote) if t.quote_id else "", follow_url(t)) for t in page.object_list]
    return render(request, "trajectories/mine.html", {"page": page, "rows": rows})
