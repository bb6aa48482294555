"""The demo's providers and guided trajectories (intervisie/demo/trajectories.py): the demo begeleider's
provider has a trajectory in every state of the route up to the quote, reached through the domain
functions; the pages the begeleider and the client open answer; a second load changes nothing, an older
demo database is brought forward and a trajectory the demo user moved is left alone.

Only the accounts and the trajectories are loaded (once for this module, rolled back at its end; each
test runs in a savepoint within it): the rest of the demo plays no part here and is tested in
test_loader.py.
"""

from collections import Counter
from datetime import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from stdnum import iban as stdnum_iban
from stdnum.nl import postcode as stdnum_postcode

from intervisie.billing.enums import QuoteStatus
from intervisie.billing.models import Quote
from intervisie.common.models import AuditEntry, OutgoingEmail
from intervisie.demo.people import people_demo_load
from intervisie.demo.trajectories import (
    DE_BRUG,
    TRAJECTORIES,
    VELDKAMP,
    route_to,
    trajectories_demo_load,
)
from intervisie.providers.models import Provider, ProviderMember
from intervisie.trajectories.domain import (
    RequestData,
    follow_url,
    quote_link,
    set_trajectory_state,
    trajectory_request,
)
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.models import IntroInvite, Trajectory

pytestmark = pytest.mark.django_db
S = TrajectoryState

# Every state of the route (report sent is passed on the way to closed).
STATES_SO_FAR = {
    S.RUNNING,
    S.REPORTING,
    S.CLOSED,
    S.REQUESTED,
    S.TALK_PLANNED,
    S.TALK_DECLINED,
    S.INTRODUCTION_PLANNED,
    S.INTRODUCTION_HELD,
    S.QUOTE_SENT,
    S.CHANGE_REQUESTED,
    S.QUOTE_DECLINED,
    S.CANCELLED,
}


@pytest.fixture(scope="module")
def users(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            users = people_demo_load()
            trajectories_demo_load(users=users)
            yield users
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _veldkamp(state) -> Trajectory:
    return Trajectory.objects.get(provider__slug=VELDKAMP, state=state)


def _path(url: str) -> str:
    """The path of an absolute link as the e-mails carry it (SITE_URL in front)."""
    return "/" + url.split("/", 3)[3]


def _counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Provider, ProviderMember, Trajectory, IntroInvite, Quote, AuditEntry, OutgoingEmail)
    }


def test_routes_lead_through_the_main_line_to_their_end():
    assert route_to(S.REQUESTED) == [S.REQUESTED]
    assert route_to(S.TALK_DECLINED) == [S.REQUESTED, S.TALK_PLANNED, S.TALK_DECLINED]
    assert route_to(S.CHANGE_REQUESTED) == [
        S.REQUESTED,
        S.TALK_PLANNED,
        S.INTRODUCTION_PLANNED,
        S.INTRODUCTION_HELD,
        S.QUOTE_SENT,
        S.CHANGE_REQUESTED,
    ]
    assert {spec.state for spec in TRAJECTORIES if spec.provider == VELDKAMP} == STATES_SO_FAR


def test_the_demo_begeleider_owns_the_crkbo_provider_with_a_full_profile(users):
    veldkamp, de_brug = Provider.objects.get(slug=VELDKAMP), Provider.objects.get(slug=DE_BRUG)
    assert ProviderMember.objects.get(provider=veldkamp, user=users["begeleider"]).is_owner
    assert not de_brug.members.exists()
    assert (veldkamp.vat_exempt, de_brug.vat_exempt) == (True, False)
    for provider in (veldkamp, de_brug):
        provider.full_clean()  # the model's own limits (validity, minutes, threshold)
        assert stdnum_iban.is_valid(provider.iban) and stdnum_iban.compact(provider.iban) == provider.iban
        assert stdnum_postcode.validate(provider.postcode) == provider.postcode
        assert len(provider.kvk_number) == 8 and provider.kvk_number.isdigit()
        assert provider.address and provider.city and provider.website.endswith(".example")
        assert provider.cancellation_terms and provider.regions and provider.registers
        assert provider.fee_per_meeting > 0 and isinstance(provider.travel_costs, Decimal)
    assert (veldkamp.fee_per_meeting, veldkamp.travel_costs, veldkamp.reader_price) == (
        Decimal("325.00"),
        Decimal("35.00"),
        Decimal("15.00"),
    )
    assert (veldkamp.validity_days, veldkamp.invoice_moment) == (30, "acceptance")


def test_the_begeleiders_provider_has_one_trajectory_in_every_state_so_far(users):
    states = Counter(Trajectory.objects.filter(provider__slug=VELDKAMP).values_list("state", flat=True))
    assert states == Counter({state.value: 1 for state in STATES_SO_FAR})
    assert set(
        Trajectory.objects.filter(provider__slug=DE_BRUG).values_list("organisation_name", "state")
    ) == {("Gemeente Voorbeeldstad", S.REQUESTED), ("Gezinshuisnetwerk Vaartland", S.QUOTE_SENT)}


def test_each_demo_trajectory_went_through_every_step_of_its_route(users):
    for trajectory in Trajectory.objects.all():
        actions = list(
            AuditEntry.objects.filter(
                object_type="trajectories.trajectory",
                object_id=str(trajectory.pk),
                action__startswith="trajectory.",
            )
            .exclude(
                action__in=[
                    "trajectory.intro_invited",
                    "trajectory.started",
                    "trajectory.participant_joined",
                    "trajectory.aspects_noted",
                    "trajectory.invoiced",
                ]
            )
            .order_by("pk")
            .values_list("action", flat=True)
        )
        assert actions == [f"trajectory.{state}" for state in route_to(trajectory.state)], trajectory


def test_talks_and_introductions_lie_ahead_only_where_the_route_waits_for_them(users):
    now = timezone.now()
    begeleider = users["begeleider"]
    planned = _veldkamp(S.TALK_PLANNED)
    assert planned.talk_starts_at > now and planned.begeleider == begeleider
    assert _veldkamp(S.TALK_DECLINED).talk_starts_at < now
    declined = _veldkamp(S.TALK_DECLINED)
    assert declined.decline_reason.startswith("Een groep van twaalf") and declined.talk_notes
    intro = _veldkamp(S.INTRODUCTION_PLANNED)
    assert intro.intro_starts_at > now > intro.talk_starts_at
    held = _veldkamp(S.INTRODUCTION_HELD)
    assert held.intro_starts_at < now and held.agreed_focus.startswith("Afgesproken focus")


def test_the_planned_introduction_has_four_invited_of_whom_two_wrote_expectations(users):
    invites = _veldkamp(S.INTRODUCTION_PLANNED).intro_invites.all()
    assert len(invites) == 4
    wrote = [invite for invite in invites if invite.expectations]
    assert len(wrote) == 2 and all(invite.responded_at for invite in wrote)
    assert all(invite.email.endswith("@intervisiewijzer.example") for invite in invites)
    for state in (
        S.INTRODUCTION_HELD,
        S.QUOTE_SENT,
        S.CHANGE_REQUESTED,
        S.QUOTE_DECLINED,
        S.RUNNING,
        S.CLOSED,
    ):
        assert 3 <= _veldkamp(state).intro_invites.count() <= 4, state


def test_the_quotes_are_numbered_without_gaps_and_carry_the_agreement(users):
    quotes = Quote.objects.filter(provider__slug=VELDKAMP).order_by("number")
    assert [(q.code, q.status) for q in quotes] == [
        ("OFF-0001-v1", QuoteStatus.SENT),
        ("OFF-0002-v1", QuoteStatus.CHANGE_REQUESTED),
        ("OFF-0003-v1", QuoteStatus.DECLINED),
        ("OFF-0004-v1", QuoteStatus.ACCEPTED),
        ("OFF-0005-v1", QuoteStatus.ACCEPTED),
        ("OFF-0006-v1", QuoteStatus.ACCEPTED),
    ]
    assert all(q.vat_exempt and q.sent_at and q.terms for q in quotes)
    sent = _veldkamp(S.QUOTE_SENT)
    assert sent.quote.status == QuoteStatus.SENT and sent.quote.valid_until > timezone.localdate()
    dates = [datetime.fromisoformat(moment) for moment in sent.proposed_dates]
    assert len(dates) == sent.meetings_count == 5 and min(dates) > timezone.now() and dates == sorted(dates)
    assert (sent.fee, sent.travel_costs, sent.reader_included) == (Decimal("325.00"), Decimal("35.00"), True)
    assert [(line.quantity, line.unit_price, line.vat_rate) for line in sent.quote.lines.all()] == [
        (Decimal("5.00"), Decimal("325.00"), Decimal("0")),
        (Decimal("5.00"), Decimal("35.00"), Decimal("0")),
        (Decimal("6.00"), Decimal("15.00"), Decimal("0")),
    ]
    change = _veldkamp(S.CHANGE_REQUESTED)
    assert (change.fee_mode, change.fee, change.meetings_count) == ("total", Decimal("1800.00"), 6)
    assert change.quote.answer_note.startswith("Kunnen het vier bijeenkomsten worden")
    declined = _veldkamp(S.QUOTE_DECLINED)
    assert declined.decline_reason == declined.quote.answer_note != ""
    assert _veldkamp(S.CANCELLED).decline_reason.startswith("De organisatie stelt de intervisie uit")
    assert sent.meeting_place == "Kantoor Het Anker, Lindelaan 40, Utrecht"
    assert sent.invoice_moment == "acceptance" and sent.attendance_threshold_percent == 80


def test_the_training_firms_quote_has_vat(users):
    quote = Trajectory.objects.get(provider__slug=DE_BRUG, state=S.QUOTE_SENT).quote
    assert quote.code == "OFF-0001-v1" and not quote.vat_exempt
    assert {line.vat_rate for line in quote.lines.all()} == {Decimal("21.00")}


def test_the_demo_client_follows_the_trajectory_whose_quote_waits_for_them(users, client):
    client_user = users["opdrachtgever"]
    (followed,) = Trajectory.objects.filter(client_user=client_user)
    assert (followed.state, followed.contact_email) == (S.QUOTE_SENT, client_user.email)
    assert client.get(_path(follow_url(followed))).status_code == 200


def test_the_demo_begeleider_opens_the_board_and_every_trajectory(users, client):
    client.force_login(users["begeleider"])
    board = client.get("/trajecten/aanbieder/")
    assert board.status_code == 200
    page = board.content.decode()
    trajectories = Trajectory.objects.filter(provider__slug=VELDKAMP)
    for trajectory in trajectories:
        assert trajectory.organisation_name in page
        assert client.get(f"/trajecten/traject/{trajectory.pk}/").status_code == 200, trajectory
    assert "Gemeente Voorbeeldstad" not in page  # the other provider's


def test_the_quote_links_open_without_an_account(users, client):
    sent = _veldkamp(S.QUOTE_SENT).quote
    response = client.get(_path(quote_link(sent)))
    assert response.status_code == 200
    assert sent.code in response.content.decode()
    answered = _veldkamp(S.CHANGE_REQUESTED).quote
    assert client.get(_path(quote_link(answered))).status_code == 200


def test_a_second_load_changes_nothing_and_sends_nothing(users):
    before = _counts()
    states = dict(Trajectory.objects.values_list("pk", "state"))
    assert trajectories_demo_load(users=users) == {"providers": 2, "trajectories": len(TRAJECTORIES)}
    assert _counts() == before
    assert dict(Trajectory.objects.values_list("pk", "state")) == states


def test_a_load_brings_an_older_demo_forward_and_leaves_a_moved_trajectory_alone(users):
    # An older version of the demo left "Jeugdhulp Zonnedauw" at its request; the demo user
    # cancelled the planned talk of "Jeugdzorg Rivierenland" while trying the demo.
    _veldkamp(S.INTRODUCTION_HELD).delete()
    older = trajectory_request(
        provider=Provider.objects.get(slug=VELDKAMP),
        data=RequestData(
            kind="new_impulse",
            organisation_name="Jeugdhulp Zonnedauw",
            contact_name="Bas Kramer",
            contact_email="bas@intervisiewijzer.example",
            contact_phone="030 000 00 00",
            expected_participants=6,
            question="Onze groep jeugdzorgwerkers wil weer scherper leren doorvragen.",
        ),
    )
    talk = _veldkamp(S.TALK_PLANNED)
    set_trajectory_state(talk, S.CANCELLED, by=users["begeleider"], fields={"decline_reason": "Toch niet."})
    emails = OutgoingEmail.objects.count()
    trajectories_demo_load(users=users)
    older.refresh_from_db()
    talk.refresh_from_db()
    assert older.state == S.INTRODUCTION_HELD and older.agreed_focus.startswith("Afgesproken focus")
    assert [bool(invite.expectations) for invite in older.intro_invites.order_by("pk")] == [True, True, False]
    assert (talk.state, talk.decline_reason) == (S.CANCELLED, "Toch niet.")
    # The talk to the client and the begeleider, the introduction to the client, three invitations.
    assert OutgoingEmail.objects.count() - emails == 6


def test_the_running_trajectory_has_its_group_meetings_and_three_of_four_participants_joined(users, client):
    running = _veldkamp(S.RUNNING)
    assert running.quote.answered_name == "Hilde Postma"
    group = running.group
    assert group.begeleider == users["begeleider"] and group.is_closed
    meetings = list(group.meetings.order_by("starts_at"))
    assert len(meetings) == 5 and meetings[0].is_start_meeting and meetings[0].starts_at > timezone.now()
    joined = running.participant_invites.filter(accepted_by__isnull=False)
    assert joined.count() == 3 and group.memberships.count() == 3
    assert running.reader_opens.count() == 3
    client.force_login(users["begeleider"])
    page = client.get(f"/trajecten/traject/{running.pk}/").content.decode()
    assert "Jelle Hoekstra" in page and "Startbijeenkomst" in page
    client.force_login(joined.first().accepted_by)
    assert client.get(f"/trajecten/traject/{running.pk}/reader/").status_code == 200


def test_the_closed_trajectory_has_its_report_sent_certificates_and_invoice(users, client):
    from intervisie.accreditation.models import Certificate
    from intervisie.billing.models import Invoice

    closed = _veldkamp(S.CLOSED)
    assert closed.report.status == "sent"
    held = closed.group.meetings.filter(ends_at__lt=timezone.now()).count()
    assert held == 5
    # Three came to all five; one missed two (3 of 5 is below 80 %): no certificate for them.
    assert Certificate.objects.filter(group=closed.group).count() == 2
    assert Invoice.objects.filter(quote=closed.quote).count() >= 1
    reporting = _veldkamp(S.REPORTING)
    assert reporting.report.status == "draft" and reporting.meeting_aspects.count() == 5
    client.force_login(users["begeleider"])
    for trajectory in (closed, reporting):
        assert client.get(f"/trajecten/traject/{trajectory.pk}/").status_code == 200
        assert client.get(f"/trajecten/traject/{trajectory.pk}/rapport/schrijven/").status_code == 200
    page = client.get(f"/trajecten/volg/{closed.follow_token}/").content.decode()
    assert "Rapport downloaden (PDF)" in page and "Facturen" in page


def test_demo_logins_names_a_participant_of_each_guided_group(users):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "Deelnemers van begeleide trajecten" in text
    for trajectory in Trajectory.objects.filter(group__isnull=False):
        line = next(line for line in text.splitlines() if trajectory.organisation_name in line)
        email = line.split(":")[0].strip()
        assert trajectory.group.memberships.filter(user__email=email).exists()
