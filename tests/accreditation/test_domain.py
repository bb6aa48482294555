"""State changes: signing reflection statements, issuing and revoking certificates."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from intervisie.accreditation import domain
from intervisie.accreditation.domain import AccreditationError
from intervisie.accreditation.models import Certificate, ReflectionStatement
from intervisie.common.models import AuditEntry
from intervisie.meetings.enums import MeetingStatus
from tests.factories import (
    GroupFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    UserFactory,
    at,
    attend,
    give_totp,
    past_meeting,
)

START = dt.date(2025, 9, 1)
END = dt.date(2025, 12, 31)


@pytest.fixture
def autumn(guided_group, member, danielle):
    """Autumn 2025: Bob at three meetings (one partly), Daniëlle at one, a cancelled and a short one."""
    days = [dt.date(2025, 9, 9), dt.date(2025, 10, 21), dt.date(2025, 12, 2)]
    meetings = [past_meeting(guided_group, day) for day in days]
    attend(meetings[0], member)
    attend(meetings[1], member, left_at=at(days[1], 20, 30))  # left 30 minutes early
    attend(meetings[2], member)
    attend(meetings[0], danielle)
    cancelled = past_meeting(guided_group, dt.date(2025, 11, 4), status=MeetingStatus.CANCELLED)
    attend(cancelled, danielle)
    short = past_meeting(guided_group, dt.date(2025, 11, 11), minutes=50)
    attend(short, danielle)
    return meetings


def _sign(group, person, by, start=START, end=END):
    return domain.reflection_statement_sign(
        group=group, person=person, by=by, period_start=start, period_end=end
    )


# --- Reflection statements ----------------------------------------------------------------------------


def test_statement_sign_saves_hours_audit_and_email(guided_group, member, begeleider, autumn):
    mail.outbox.clear()
    statement = _sign(guided_group, member, begeleider)
    assert statement.hours == Decimal("5.50")
    assert statement.signed_by == begeleider
    assert statement.signer_register == "LVSC"
    entry = AuditEntry.objects.get(action="reflection_statement.signed")
    assert entry.actor == begeleider
    assert entry.data == {
        "user": member.pk,
        "group": guided_group.pk,
        "period": ["2025-09-01", "2025-12-31"],
        "hours": "5.50",
    }
    assert [m.to for m in mail.outbox] == [["bob@example.nl"]]
    assert (
        mail.outbox[0].subject
        == "[Intervisiewijzer] Je reflectieverklaring voor Intervisie Utrecht Oost is ondertekend"
    )
    assert (
        "Bea Begeleider heeft je reflectieverklaring voor Intervisie Utrecht Oost ondertekend."
        in mail.outbox[0].body
    )
    assert "1 september 2025 tot en met 31 december 2025: 5,50 uur reflectie" in mail.outbox[0].body


@pytest.mark.parametrize("register", ["SKJ", "other", ""])
def test_statement_sign_refused_for_other_supervisor_registers(
    guided_group, member, begeleider, autumn, register
):
    begeleider.supervisor_register = register
    begeleider.save(update_fields=["supervisor_register"])
    with pytest.raises(AccreditationError) as error:
        _sign(guided_group, member, begeleider)
    assert (
        "alleen een begeleider die staat ingeschreven bij LVSC, VGCT, NIP, NVO of NVRG" in error.value.message
    )
    assert not ReflectionStatement.objects.exists()


@pytest.mark.parametrize("register", ["LVSC", "VGCT", "NIP", "NVO", "NVRG"])
def test_statement_sign_allowed_for_the_five_registers(guided_group, member, begeleider, autumn, register):
    begeleider.supervisor_register = register
    begeleider.save(update_fields=["supervisor_register"])
    assert _sign(guided_group, member, begeleider).signer_register == register


def test_statement_sign_only_by_the_groups_begeleider(guided_group, member, autumn, alice):
    alice.supervisor_register = "NIP"
    alice.save(update_fields=["supervisor_register"])
    with pytest.raises(AccreditationError) as error:
        _sign(guided_group, member, alice)
    assert error.value.message == "Alleen de begeleider van de groep kan een verklaring ondertekenen."


def test_statement_sign_twice_refused(guided_group, member, begeleider, autumn):
    _sign(guided_group, member, begeleider)
    with pytest.raises(AccreditationError) as error:
        _sign(guided_group, member, begeleider)
    assert error.value.message == "Je hebt de verklaring van Bob de Vries voor deze periode al ondertekend."
    assert ReflectionStatement.objects.count() == 1


def test_statement_sign_without_counted_hours_refused(guided_group, danielle, begeleider, autumn):
    # Daniëlle's hours after September: a cancelled and a 50-minute meeting, nothing counts.
    with pytest.raises(AccreditationError) as error:
        _sign(guided_group, danielle, begeleider, start=dt.date(2025, 10, 1))
    assert error.value.message == "Daniëlle Özdemir heeft in deze periode geen uren die meetellen."


def test_statement_sign_future_end_refused(guided_group, member, begeleider, autumn):
    with pytest.raises(AccreditationError) as error:
        _sign(guided_group, member, begeleider, end=timezone.localdate() + dt.timedelta(days=1))
    assert error.value.field == "end"


def test_statement_sign_start_after_end_refused(guided_group, member, begeleider, autumn):
    with pytest.raises(AccreditationError) as error:
        _sign(guided_group, member, begeleider, start=END, end=START)
    assert error.value.message == "De begindatum ligt na de einddatum."


def test_statement_sign_gives_a_verification_code_in_the_email(guided_group, member, begeleider, autumn):
    mail.outbox.clear()
    statement = _sign(guided_group, member, begeleider)
    assert re.fullmatch(r"IVW-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", statement.code)
    assert (
        f"Op de verklaring staat een code ({statement.code}). Daarmee kan iedereen controleren of ze echt is."
        in mail.outbox[0].body
    )


def test_statement_revoke_saves_audits_and_emails(guided_group, member, begeleider, autumn):
    statement = _sign(guided_group, member, begeleider)
    mail.outbox.clear()
    domain.reflection_statement_revoke(statement=statement, by=begeleider, reason="Verkeerde periode gekozen")
    statement.refresh_from_db()
    assert statement.is_revoked
    assert statement.revoked_reason == "Verkeerde periode gekozen"
    entry = AuditEntry.objects.get(action="reflection_statement.revoked")
    assert (entry.actor, entry.data) == (begeleider, {"user": member.pk})
    assert [m.to for m in mail.outbox] == [["bob@example.nl"]]
    assert (
        mail.outbox[0].subject
        == "[Intervisiewijzer] Je reflectieverklaring voor Intervisie Utrecht Oost is ingetrokken"
    )
    assert (
        f"Je reflectieverklaring voor Intervisie Utrecht Oost over 1 september 2025 tot en met 31 december 2025 "
        f"({statement.code}) is ingetrokken. Ze is niet meer geldig."
    ) in " ".join(mail.outbox[0].body.split())
    assert "Verkeerde periode" not in mail.outbox[0].body  # the reason stays with the statement


def test_statement_revoke_only_by_the_signer_with_a_reason_once(
    guided_group, member, begeleider, autumn, alice
):
    statement = _sign(guided_group, member, begeleider)
    with pytest.raises(AccreditationError) as error:
        domain.reflection_statement_revoke(statement=statement, by=alice, reason="Weg ermee")
    assert error.value.message == "Alleen wie de verklaring heeft ondertekend, kan haar intrekken."
    with pytest.raises(AccreditationError) as error:
        domain.reflection_statement_revoke(statement=statement, by=begeleider, reason="  ")
    assert (error.value.field, error.value.message) == (
        "reason",
        "Schrijf kort waarom je de verklaring intrekt.",
    )
    with pytest.raises(AccreditationError) as error:
        domain.reflection_statement_revoke(statement=statement, by=begeleider, reason="x" * 301)
    assert error.value.field == "reason"
    domain.reflection_statement_revoke(statement=statement, by=begeleider, reason="Fout")
    with pytest.raises(AccreditationError) as error:
        domain.reflection_statement_revoke(statement=statement, by=begeleider, reason="Nog eens")
    assert error.value.message == "Deze verklaring is al ingetrokken."


def test_statement_sign_again_after_revoking_gets_a_new_code(guided_group, member, begeleider, autumn):
    first = _sign(guided_group, member, begeleider)
    domain.reflection_statement_revoke(statement=first, by=begeleider, reason="Uren klopten niet")
    second = _sign(guided_group, member, begeleider)
    assert second.pk != first.pk
    assert second.code != first.code
    assert not second.is_revoked


# --- Certificates -------------------------------------------------------------------------------------


def _issue(group, by, **kwargs):
    kwargs.setdefault("title", "Intervisie najaar 2025")
    kwargs.setdefault("min_meetings", 3)
    if "series" not in kwargs:
        kwargs.setdefault("period_start", START)
        kwargs.setdefault("period_end", END)
    return domain.certificates_issue(group=group, by=by, **kwargs)


def test_certificates_issue_to_those_with_enough_meetings(guided_group, member, danielle, begeleider, autumn):
    mail.outbox.clear()
    result = _issue(guided_group, begeleider)
    assert [c.user for c in result.issued] == [member]
    assert result.too_few == [danielle]
    certificate = result.issued[0]
    assert certificate.meetings_attended == 3
    assert certificate.hours == Decimal("5.50")
    assert certificate.period_start == START
    assert certificate.period_end == END
    assert certificate.issued_by == begeleider
    assert certificate.code.startswith("IVW-")
    assert (
        AuditEntry.objects.filter(
            action="certificate.issued", actor=begeleider, object_id=str(certificate.pk)
        ).count()
        == 1
    )
    assert [m.to for m in mail.outbox] == [["bob@example.nl"]]
    assert (
        mail.outbox[0].subject == "[Intervisiewijzer] Je certificaat van Intervisie Utrecht Oost staat klaar"
    )
    assert certificate.code in mail.outbox[0].body


def test_certificates_issue_twice_gives_one_certificate(guided_group, member, begeleider, autumn):
    _issue(guided_group, begeleider)
    again = _issue(guided_group, begeleider)
    assert again.issued == []
    assert again.already == [member]
    assert Certificate.objects.count() == 1


def test_certificates_issue_again_after_revoking(guided_group, member, begeleider, autumn):
    first = _issue(guided_group, begeleider).issued[0]
    domain.certificate_revoke(certificate=first, by=begeleider, reason="Verkeerde titel")
    assert len(_issue(guided_group, begeleider).issued) == 1


def test_certificates_issue_min_one_includes_everyone_who_came(
    guided_group, member, danielle, begeleider, autumn
):
    result = _issue(guided_group, begeleider, min_meetings=1)
    assert {c.user for c in result.issued} == {member, danielle}
    danielle_certificate = next(c for c in result.issued if c.user == danielle)
    # Daniëlle came to three meetings that took place; the 50-minute one gives no reflection hours.
    assert danielle_certificate.meetings_attended == 2
    assert danielle_certificate.hours == Decimal("2.00")


def test_certificates_issue_for_a_completed_series(guided_group, member, begeleider, autumn):
    series = MeetingSeriesFactory(group=guided_group, name="Najaar")
    for meeting in autumn[:2]:
        meeting.series = series
        meeting.save(update_fields=["series"])
    result = _issue(guided_group, begeleider, series=series, min_meetings=2)
    certificate = result.issued[0]
    assert certificate.series == series
    assert certificate.meetings_attended == 2
    assert certificate.period_start == dt.date(2025, 9, 9)
    assert certificate.period_end == dt.date(2025, 10, 21)


def test_certificates_issue_series_not_finished_refused(guided_group, begeleider, autumn):
    series = MeetingSeriesFactory(group=guided_group)
    autumn[0].series = series
    autumn[0].save(update_fields=["series"])
    MeetingFactory(group=guided_group, series=series)  # next week
    with pytest.raises(AccreditationError) as error:
        _issue(guided_group, begeleider, series=series)
    assert (
        error.value.message
        == "Deze reeks is nog niet klaar. Je kunt certificaten geven na de laatste bijeenkomst."
    )
    assert error.value.field == "series"


def test_certificates_issue_series_of_another_group_refused(guided_group, begeleider):
    series = MeetingSeriesFactory(group=GroupFactory())
    with pytest.raises(AccreditationError) as error:
        _issue(guided_group, begeleider, series=series)
    assert error.value.message == "Deze reeks hoort niet bij deze groep."


def test_certificates_issue_period_not_over_refused(guided_group, begeleider):
    with pytest.raises(AccreditationError) as error:
        _issue(guided_group, begeleider, period_end=timezone.localdate() + dt.timedelta(days=10))
    assert error.value.message == "De einddatum ligt in de toekomst. Kies vandaag of eerder."


def test_certificate_revoke_sets_date_audit_and_email(guided_group, member, begeleider, autumn):
    certificate = _issue(guided_group, begeleider).issued[0]
    mail.outbox.clear()
    revoked = domain.certificate_revoke(
        certificate=certificate, by=begeleider, reason="Per ongeluk uitgegeven"
    )
    assert revoked.is_revoked
    assert revoked.revoked_reason == "Per ongeluk uitgegeven"
    entry = AuditEntry.objects.get(action="certificate.revoked")
    assert entry.actor == begeleider
    assert entry.data == {"user": member.pk}
    assert (
        mail.outbox[0].subject
        == "[Intervisiewijzer] Je certificaat van Intervisie Utrecht Oost is ingetrokken"
    )


def test_certificate_revoke_needs_a_reason_and_happens_once(guided_group, member, begeleider, autumn):
    certificate = _issue(guided_group, begeleider).issued[0]
    with pytest.raises(AccreditationError) as error:
        domain.certificate_revoke(certificate=certificate, by=begeleider, reason="  ")
    assert error.value.field == "reason"
    domain.certificate_revoke(certificate=certificate, by=begeleider, reason="Fout")
    with pytest.raises(AccreditationError) as error:
        domain.certificate_revoke(certificate=certificate, by=begeleider, reason="Nog eens")
    assert error.value.message == "Dit certificaat is al ingetrokken."


def test_enrolment_create_directly_validates_too(bob):
    from tests.factories import register

    with pytest.raises(AccreditationError) as error:
        domain.enrolment_create(user=bob, register=register(), period_start=dt.date(1999, 1, 1))
    assert error.value.field == "period_start"


def test_can_sign_statements_only_for_the_five(db):
    signer = UserFactory(supervisor_register="NVRG")
    give_totp(signer)
    assert domain.can_sign_statements(signer) is True
    assert domain.can_sign_statements(UserFactory(supervisor_register="SKJ")) is False
