"""The writes of a "buiten je bubbel" programme: starting it, its status, partners, sign-ups and their
status. Keyword-only functions; every write is audit-logged; e-mails are queued inside the caller's
transaction (``common.email``)."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.groups.domain import GroupFullError, membership_admit, membership_leave
from intervisie.groups.enums import PLACE_STATES
from intervisie.groups.models import Membership, Method
from intervisie.programmes.enums import INITIATOR_KINDS, Category, DateKind, ProgrammeStatus, SignupStatus
from intervisie.programmes.models import (
    Partner,
    PartnerContact,
    Programme,
    ProgrammeDate,
    ProgrammeGroup,
    RecruitmentText,
    Signup,
    default_target_mix,
)
from intervisie.programmes.recruitment import template_text

# Young people below this age take part only with a parent's or carer's consent (AVG, art. 8 UAVG).
CONSENT_AGE = 16
# Seed 003: students in their 3rd or 4th year; others get a gentle warning, not a refusal.
STUDENT_YEARS = (3, 4)
METHOD_SLUG = "tienstappenmethode-buiten-je-bubbel"  # the directory tag of the ten-step method


class ProgrammeError(Exception):
    """A refused write, with a Dutch message for the person who tried."""


# --- The programme -----------------------------------------------------------------------------------------


# Words of the app's own URLs (urls.py): a programme never gets one as its slug.
RESERVED_SLUGS = frozenset({"beheer", "nieuw", "deelnemer", "toestemming", "partner", "api", "mijn"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "programma"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Programme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def programme_create(*, programme: Programme, by, begeleiders: list | None = None) -> Programme:
    """Save a new programme (a draft) with its groups ("Groep A", "Groep B", …) and the recruitment texts
    per category from our templates. ``begeleiders`` fills the groups' begeleiders in order."""
    if programme.initiator.kind not in INITIATOR_KINDS:
        raise ProgrammeError(
            _("Een programma start vanuit een gemeente, een kenniswerkplaats of een opleiding.")
        )
    with transaction.atomic():
        programme.slug = programme.slug or _unique_slug(programme.name)
        if not programme.target_mix:
            programme.target_mix = default_target_mix()
        if programme.method_id is None:
            programme.method = Method.objects.filter(slug=METHOD_SLUG).first()
        programme.status = ProgrammeStatus.DRAFT
        programme.save()
        groups_sync(programme=programme, by=by, begeleiders=begeleiders)
        for category in Category:
            subject, body = template_text(category=category)
            RecruitmentText.objects.create(programme=programme, category=category, subject=subject, body=body)
        log_action(actor=by, action="programme.created", obj=programme)
    return programme


def groups_sync(*, programme: Programme, by, begeleiders: list | None = None) -> list[ProgrammeGroup]:
    """Make the programme have exactly ``group_count`` groups; removing is refused once people are placed in
    the group that would go."""
    existing = list(programme.groups.order_by("position"))
    for position in range(len(existing), programme.group_count):
        existing.append(
            ProgrammeGroup.objects.create(
                programme=programme,
                position=position,
                name=_("Groep %(letter)s") % {"letter": chr(65 + position)},
            )
        )
    for group in existing[programme.group_count :]:
        if group.signups.exists() or group.group_id:
            raise ProgrammeError(
                _("%(group)s heeft al deelnemers. Haal ze eerst uit de groep.") % {"group": group.name}
            )
        group.delete()
    existing = existing[: programme.group_count]
    for group, begeleider in zip(existing, begeleiders or [], strict=False):
        if begeleider is not None and group.begeleider_id != begeleider.pk:
            group.begeleider = begeleider
            group.save(update_fields=["begeleider"])
    return existing


TRANSITIONS = {
    ProgrammeStatus.DRAFT: {ProgrammeStatus.RECRUITING},
    ProgrammeStatus.RECRUITING: {ProgrammeStatus.COMPOSING, ProgrammeStatus.DRAFT},
    ProgrammeStatus.COMPOSING: {ProgrammeStatus.RUNNING, ProgrammeStatus.RECRUITING},
    ProgrammeStatus.RUNNING: {ProgrammeStatus.FINISHED},
    ProgrammeStatus.FINISHED: set(),
}


def set_programme_status(*, programme: Programme, status: str, by) -> Programme:
    """The one place where a programme's status changes.

    Side effects, in order:

    1. lock the programme's row and read it again (a second click meets the new status and is refused);
    2. validate with a Dutch message: the step follows ``TRANSITIONS``; recruiting needs the start meeting
       and at least one meeting date and a begeleider for every group; running needs a published
       composition (``programmes.composition`` publishes and calls this);
    3. save the status and when it changed;
    4. audit log ``programme.<status>``.
    """
    status = ProgrammeStatus(status)
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        if status not in TRANSITIONS[ProgrammeStatus(current.status)]:
            raise ProgrammeError(
                _("Dit kan nu niet: het programma staat op “%(status)s”.")
                % {"status": ProgrammeStatus(current.status).label}
            )
        if status == ProgrammeStatus.RECRUITING:
            kinds = set(current.dates.values_list("kind", flat=True))
            if DateKind.START not in kinds or DateKind.MEETING not in kinds:
                raise ProgrammeError(
                    _(
                        "Zet eerst de startbijeenkomst en de data van de bijeenkomsten erin: de werving noemt ze."
                    )
                )
            if current.groups.filter(begeleider__isnull=True).exists():
                raise ProgrammeError(_("Kies eerst een begeleider voor elke groep."))
        if status == ProgrammeStatus.RUNNING and current.published_at is None:
            raise ProgrammeError(_("Maak eerst de groepen bekend."))
        old = current.status
        current.status = status
        current.status_changed_at = timezone.now()
        current.save(update_fields=["status", "status_changed_at", "updated_at"])
        log_action(actor=by, action=f"programme.{status}", obj=current, data={"from": old})
    programme.refresh_from_db()
    return programme


def date_add(*, programme: Programme, date: ProgrammeDate, by) -> ProgrammeDate:
    if date.ends_at <= date.starts_at:
        raise ProgrammeError(_("Het einde ligt na het begin."))
    date.programme = programme
    date.save()
    log_action(actor=by, action="programme.date_added", obj=programme, data={"kind": date.kind})
    return date


# --- Partners ----------------------------------------------------------------------------------------------


def partner_url(partner: Partner) -> str:
    """The partner's recruitment link: sign-ups through it are attributed to the partner."""
    return settings.SITE_URL + reverse("programmes:partner_link", args=[partner.programme.slug, partner.code])


def partner_invite_url(partner: Partner) -> str:
    return settings.SITE_URL + reverse("programmes:partner_accept", args=[partner.invite_token])


def _partner_code(programme: Programme, name: str) -> str:
    base = slugify(name)[:14] or "partner"
    code, n = base, 2
    while programme.partners.filter(code=code).exists():
        code, n = f"{base[:12]}-{n}", n + 1
    return code


def partner_add(*, programme: Programme, partner: Partner, by) -> Partner:
    """Add a partner and e-mail its contact person an invitation to the partner page (only that address
    can accept it)."""
    partner.programme = programme
    partner.code = partner.code or _partner_code(programme, partner.name)
    try:
        with transaction.atomic():
            partner.save()
            partner.invite_sent_at = timezone.now()
            partner.save(update_fields=["invite_sent_at"])
            log_action(
                actor=by, action="programme.partner_added", obj=programme, data={"partner": partner.pk}
            )
            email_queue(
                to=partner.contact_email,
                template="programmes/email/partner_invite",
                context={"programme": programme, "partner": partner, "link": partner_invite_url(partner)},
            )
    except IntegrityError as error:
        raise ProgrammeError(_("Deze partner staat al in het programma.")) from error
    return partner


def partner_accept(*, partner: Partner, user) -> PartnerContact:
    """The invited contact person accepts: only with an account whose e-mail address is the invited one."""
    addresses = {user.email.lower()} | {
        a.lower() for a in user.emailaddress_set.filter(verified=True).values_list("email", flat=True)
    }
    if partner.contact_email.lower() not in addresses:
        raise ProgrammeError(
            _("Deze uitnodiging is voor %(email)s. Log in met dat e-mailadres.")
            % {"email": partner.contact_email}
        )
    contact, _created = PartnerContact.objects.get_or_create(partner=partner, user=user)
    log_action(
        actor=user, action="programme.partner_accepted", obj=partner.programme, data={"partner": partner.pk}
    )
    return contact


# --- Sign-ups ----------------------------------------------------------------------------------------------


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def needs_parent_consent(signup: Signup, today: dt.date | None = None) -> bool:
    if signup.category != Category.YOUNG_PERSON or signup.birth_date is None:
        return False
    return age_on(signup.birth_date, today or timezone.localdate()) < CONSENT_AGE


def student_year_warning(signup: Signup) -> str:
    """A gentle note (never a refusal) for a student outside year 3 or 4."""
    if signup.category == Category.STUDENT and signup.study_year and signup.study_year not in STUDENT_YEARS:
        return _(
            "Buiten je bubbel is bedoeld voor studenten in hun 3e of 4e studiejaar. Je aanmelding komt door; "
            "de kartrekker kijkt of het past."
        )
    return ""


def signup_url(signup: Signup) -> str:
    return settings.SITE_URL + reverse("programmes:signup_follow", args=[signup.token])


def parent_consent_url(signup: Signup) -> str:
    return settings.SITE_URL + reverse("programmes:parent_consent", args=[signup.parent_token])


def signup_create(
    *, programme: Programme, signup: Signup, recorded_by=None, subject_consent: bool = False
) -> Signup:
    """A public sign-up for one category, while the programme recruits.

    Side effects, in order:

    1. refuse when the programme does not recruit, or a young person is signed up by a professional
       without the young person's consent;
    2. a young person under 16 waits for a parent's consent: the sign-up is saved as
       ``awaiting_consent`` and the parent gets an e-mail with a link to give it;
    3. save (one active sign-up per e-mail address and category: a second is refused);
    4. audit log ``programme.signup`` (category and partner, no name);
    5. e-mail the person a confirmation with their own link (a professional who signed up a young
       person sees the confirmation on the page; the link goes to the young person only).
    """
    if programme.status != ProgrammeStatus.RECRUITING:
        raise ProgrammeError(_("Aanmelden kan nu niet: dit programma werft geen deelnemers."))
    signup.programme = programme
    if recorded_by is not None:
        if not subject_consent:
            raise ProgrammeError(_("Vraag eerst de jongere zelf of je deze gegevens mag doorgeven."))
        signup.recorded_by = recorded_by
        signup.subject_consent_at = timezone.now()
    if needs_parent_consent(signup):
        if not signup.parent_email:
            raise ProgrammeError(_("Vul het e-mailadres van je ouder of verzorger in."))
        signup.status = SignupStatus.AWAITING_CONSENT
        signup.parent_token = secrets.token_urlsafe(24)
    else:
        signup.status = SignupStatus.SIGNED_UP
    signup.status_changed_at = timezone.now()
    try:
        with transaction.atomic():
            signup.save()
            log_action(
                actor=recorded_by,
                action="programme.signup",
                obj=programme,
                data={"signup": signup.pk, "category": signup.category, "partner": signup.partner_id},
            )
            context = {"programme": programme, "signup": signup, "link": signup_url(signup)}
            email_queue(to=signup.email, template="programmes/email/signup_received", context=context)
            if signup.status == SignupStatus.AWAITING_CONSENT:
                email_queue(
                    to=signup.parent_email,
                    template="programmes/email/parent_consent",
                    context={**context, "consent_link": parent_consent_url(signup)},
                )
    except IntegrityError as error:
        raise ProgrammeError(
            _("Met dit e-mailadres ben je al aangemeld. Kijk in je mail voor de link naar je aanmelding.")
        ) from error
    return signup


def parent_consent_give(*, signup: Signup) -> Signup:
    """The parent or carer gives consent through the link in their e-mail."""
    return set_signup_status(signup=signup, status=SignupStatus.SIGNED_UP, by=None, note="parent_consent")


SIGNUP_TRANSITIONS = {
    SignupStatus.AWAITING_CONSENT: {SignupStatus.SIGNED_UP, SignupStatus.WITHDRAWN},
    SignupStatus.SIGNED_UP: {
        SignupStatus.INVITED,
        SignupStatus.RESERVE,
        SignupStatus.DECLINED,
        SignupStatus.WITHDRAWN,
    },
    SignupStatus.RESERVE: {SignupStatus.INVITED, SignupStatus.DECLINED, SignupStatus.WITHDRAWN},
    SignupStatus.INVITED: {SignupStatus.PLACED, SignupStatus.RESERVE, SignupStatus.WITHDRAWN},
    SignupStatus.DECLINED: set(),
    SignupStatus.PLACED: {SignupStatus.WITHDRAWN},
    SignupStatus.WITHDRAWN: set(),
}
SIGNUP_EMAILS = {
    SignupStatus.INVITED: "programmes/email/signup_invited",
    SignupStatus.RESERVE: "programmes/email/signup_reserve",
    SignupStatus.DECLINED: "programmes/email/signup_declined",
}


def set_signup_status(*, signup: Signup, status: str, by, note: str = "", send_email: bool = True) -> Signup:
    """The one place where a sign-up's status changes.

    Side effects, in order:

    1. lock the sign-up's row and read it again (a double click is refused, not applied twice);
    2. validate the step against ``SIGNUP_TRANSITIONS`` (Dutch message); leaving ``awaiting_consent``
       other than by withdrawing needs the parent's consent, recorded here with its time;
    3. save the status; withdrawing or declining also takes the person out of their group, and out of
       its intervision group when the groups were published (``groups.domain.membership_leave``);
    4. audit log ``programme.signup_<status>`` (no name);
    5. e-mail the person for invited / reserve / declined, with the kind standard message
       (``send_email=False`` when a caller sends one message for a whole batch, as publishing does).
    """
    status = SignupStatus(status)
    with transaction.atomic():
        current = Signup.objects.select_for_update().select_related("programme").get(pk=signup.pk)
        if status not in SIGNUP_TRANSITIONS[SignupStatus(current.status)]:
            raise ProgrammeError(
                _("Dit kan nu niet: de aanmelding staat op “%(status)s”.")
                % {"status": SignupStatus(current.status).label}
            )
        fields = ["status", "status_changed_at"]
        if current.status == SignupStatus.AWAITING_CONSENT and status == SignupStatus.SIGNED_UP:
            current.parent_consent_at = timezone.now()
            fields.append("parent_consent_at")
        left_group = None
        if status in {SignupStatus.WITHDRAWN, SignupStatus.DECLINED} and current.group_id:
            left_group = current.group
            current.group = None
            current.locked = False
            fields += ["group", "locked"]
        old = current.status
        current.status = status
        current.status_changed_at = timezone.now()
        current.save(update_fields=fields)
        if left_group is not None and left_group.group_id and current.user_id:
            # Placed in a published group: their membership of it ends too.
            membership = Membership.objects.filter(
                user_id=current.user_id, group_id=left_group.group_id, state__in=PLACE_STATES
            ).first()
            if membership is not None:
                membership_leave(
                    membership=membership, by=by or current.user, reason=_("Afgemeld voor het programma")
                )
        log_action(
            actor=by,
            action=f"programme.signup_{status}",
            obj=current.programme,
            data={"signup": current.pk, "from": old, **({"note": note} if note else {})},
        )
        template = SIGNUP_EMAILS.get(status)
        if template and send_email:
            email_queue(
                to=current.email,
                template=template,
                context={"programme": current.programme, "signup": current, "link": signup_url(current)},
            )
    signup.refresh_from_db()
    return signup


def signup_link_account(*, signup: Signup, user) -> Signup:
    """An invited or placed person connects their account, so the group, meetings and evaluations open
    for them. The link itself proves it is theirs (it went to their address only). Side effects: save,
    audit log, and for someone placed in a published group, membership of it (``placed_signup_admit``;
    a full group refuses the whole link in Dutch)."""
    with transaction.atomic():
        # Under the row's lock: a forwarded link used by two accounts at once links one of them.
        current = Signup.objects.select_for_update().get(pk=signup.pk)
        if current.status not in {SignupStatus.INVITED, SignupStatus.PLACED}:
            raise ProgrammeError(_("Je kunt je account koppelen zodra je bent uitgenodigd."))
        if current.user_id and current.user_id != user.pk:
            raise ProgrammeError(_("Deze aanmelding is al aan een ander account gekoppeld."))
        signup.status, signup.group_id = current.status, current.group_id
        signup.user = user
        signup.save(update_fields=["user"])
        log_action(
            actor=user, action="programme.signup_linked", obj=signup.programme, data={"signup": signup.pk}
        )
        # Placed after the groups were published: join the group now (before publication: nothing yet).
        placed_signup_admit(signup=signup, by=user)
    return signup


# --- Recruitment texts (public pages and recruitment part) -------------------------------------------------


def recruitment_text_update(*, text: RecruitmentText, subject: str, body: str, by) -> RecruitmentText:
    """The kartrekker's own wording of a category's recruitment text. Side effects: save subject and body;
    audit log ``programme.recruitment_text_changed`` (the category, not the text)."""
    text.subject, text.body = subject, body
    with transaction.atomic():
        text.save(update_fields=["subject", "body", "updated_at"])
        log_action(
            actor=by,
            action="programme.recruitment_text_changed",
            obj=text.programme,
            data={"category": text.category},
        )
    return text


def recruitment_text_reset(*, text: RecruitmentText, by) -> RecruitmentText:
    """Back to our template for the category; whether it was sent stays as it was (it was)."""
    subject, body = template_text(category=text.category)
    text.subject, text.body = subject, body
    with transaction.atomic():
        text.save(update_fields=["subject", "body", "updated_at"])
        log_action(
            actor=by,
            action="programme.recruitment_text_reset",
            obj=text.programme,
            data={"category": text.category},
        )
    return text


def recruitment_text_mark_sent(*, text: RecruitmentText, sent: bool, by) -> RecruitmentText:
    """Mark the text as sent (or undo a mistaken mark). The first sending counts: marking it again keeps
    that date, because the timeline asks whether e.g. students were reached before the summer."""
    if sent and text.sent_at is not None:
        return text
    text.sent_at = timezone.now() if sent else None
    with transaction.atomic():
        text.save(update_fields=["sent_at", "updated_at"])
        log_action(
            actor=by,
            action="programme.recruitment_text_sent" if sent else "programme.recruitment_text_unsent",
            obj=text.programme,
            data={"category": text.category},
        )
    return text


# --- Composition and start (placing people in their group's intervision group) ------------------------------


def placed_signup_admit(*, signup: Signup, by=None, notify: bool = True):
    """A placed person with a linked account joins their group's intervision group (made at publication):
    at publication for those who linked before, and from ``signup_link_account`` for those who link after.
    Returns the membership, or None when there is nothing to join yet (not placed, no account, or the
    groups are not published).

    Side effects: ``groups.domain.membership_admit`` (lock the group, a place, audit log, the groups app's
    e-mail unless ``notify`` is False: publishing sends its own); someone already in the group keeps their
    membership. A full group is refused in Dutch."""
    if signup.status != SignupStatus.PLACED or not signup.user_id or not signup.group_id:
        return None
    group = ProgrammeGroup.objects.select_related("group").get(pk=signup.group_id)
    if group.group is None:
        return None
    try:
        return membership_admit(
            user=signup.user,
            group=group.group,
            by=by or signup.user,
            reason=_("Ingedeeld in %(programme)s") % {"programme": signup.programme.name},
            notify=notify,
        )
    except GroupFullError as full:
        raise ProgrammeError(
            _("%(group)s is vol. Vraag de kartrekker om een plek.") % {"group": group.name}
        ) from full
