import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from intervisie.common.models import AuditEntry
from intervisie.programmes.domain import ProgrammeError, set_signup_status
from intervisie.programmes.domain_manage import (
    date_remove,
    date_save,
    groups_update,
    meetings_add,
    partner_invite_resend,
    partner_remove,
    partner_update,
    programme_update,
    propose_meetings,
)
from intervisie.programmes.models import Partner, ProgrammeDate
from tests.factories import UserFactory, days_from_today, make_partner, make_programme, make_signup

pytestmark = pytest.mark.django_db


def test_more_groups_through_an_edit_adds_them_and_logs_the_change():
    programme = make_programme(group_count=2)
    programme.group_count = 3
    programme_update(programme=programme, changed=["group_count"], by=programme.kartrekker)
    assert [g.name for g in programme.groups.all()] == ["Groep A", "Groep B", "Groep C"]
    entry = AuditEntry.objects.filter(action="programme.updated").get()
    assert entry.data == {"fields": ["group_count"]}


def test_fewer_groups_while_the_last_has_people_undoes_the_whole_edit():
    programme = make_programme(group_count=2)
    signup = make_signup(programme, "student")
    signup.group = programme.groups.get(position=1)
    signup.save(update_fields=["group"])
    programme.group_count, programme.name = 1, "Nieuwe naam"
    with pytest.raises(ProgrammeError, match="Groep B heeft al deelnemers"):
        programme_update(programme=programme, changed=["group_count", "name"], by=programme.kartrekker)
    programme.refresh_from_db()
    assert (programme.group_count, programme.groups.count()) == (2, 2)
    assert programme.name != "Nieuwe naam"


def test_an_edit_that_changes_nothing_writes_nothing():
    programme = make_programme()
    programme_update(programme=programme, changed=[], by=programme.kartrekker)
    assert not AuditEntry.objects.filter(action="programme.updated").exists()


def test_a_date_is_added_changed_and_removed_with_an_audit_entry_each():
    programme = make_programme()
    date = date_save(
        programme=programme,
        date=ProgrammeDate(
            kind="final", starts_at=days_from_today(300, 16), ends_at=days_from_today(300, 18)
        ),
        by=programme.kartrekker,
    )
    date.ends_at = days_from_today(300, 19)
    date_save(programme=programme, date=date, by=programme.kartrekker)
    date_remove(date=date, by=programme.kartrekker)
    assert not ProgrammeDate.objects.filter(pk=date.pk).exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="programme.date_")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["programme.date_added", "programme.date_changed", "programme.date_removed"]


def test_dates_are_fixed_once_the_groups_are_published():
    programme = make_programme(status="composing")
    programme.published_at = timezone.now()
    programme.save(update_fields=["published_at"])
    date = programme.dates.filter(kind="meeting").first()
    with pytest.raises(ProgrammeError, match="agenda van de groep"):
        date_remove(date=date, by=programme.kartrekker)
    new = ProgrammeDate(kind="final", starts_at=days_from_today(300, 16), ends_at=days_from_today(300, 18))
    with pytest.raises(ProgrammeError, match="agenda van de groep"):
        date_save(programme=programme, date=new, by=programme.kartrekker)
    assert ProgrammeDate.objects.filter(pk=date.pk).exists() and new.pk is None


def test_a_date_ending_before_it_starts_is_refused():
    programme = make_programme()
    date = programme.dates.first()
    date.ends_at = date.starts_at - dt.timedelta(hours=1)
    with pytest.raises(ProgrammeError, match="einde ligt na het begin"):
        date_save(programme=programme, date=date, by=programme.kartrekker)


def test_five_meetings_are_proposed_every_six_weeks_at_the_same_times():
    slots = propose_meetings(
        first=dt.date(2027, 10, 26), starts=dt.time(16), ends=dt.time(18), weeks_between=6, count=5
    )
    days = [timezone.localtime(s).date() for s, _e in slots]
    assert days == [
        dt.date(2027, 10, 26),
        dt.date(2027, 12, 7),
        dt.date(2028, 1, 18),
        dt.date(2028, 2, 29),
        dt.date(2028, 4, 11),
    ]
    assert {(timezone.localtime(s).hour, timezone.localtime(e).hour) for s, e in slots} == {(16, 18)}


def test_meetings_are_added_all_or_none():
    programme = make_programme(status="draft", meetings=0)
    good = (days_from_today(100, 16), days_from_today(100, 18))
    bad = (days_from_today(140, 18), days_from_today(140, 16))
    with pytest.raises(ProgrammeError):
        meetings_add(
            programme=programme,
            slots=[good, bad],
            format="online",
            location="",
            group=None,
            by=programme.kartrekker,
        )
    assert not programme.dates.filter(kind="meeting").exists()


def test_groups_get_names_and_begeleiders():
    programme = make_programme(status="draft", begeleiders=[])
    bea = UserFactory()
    a, b = programme.groups.all()
    groups_update(
        programme=programme, rows=[(a, "Groep Oost", bea), (b, "Groep B", None)], by=programme.kartrekker
    )
    a.refresh_from_db()
    assert (a.name, a.begeleider) == ("Groep Oost", bea)
    assert AuditEntry.objects.get(action="programme.groups_changed").data == {
        "begeleiders": {str(a.pk): bea.pk}
    }


def test_a_group_without_begeleider_is_refused_once_recruitment_started():
    programme = make_programme()
    a, b = programme.groups.all()
    with pytest.raises(ProgrammeError, match="begeleider nodig"):
        groups_update(
            programme=programme, rows=[(a, a.name, None), (b, b.name, b.begeleider)], by=programme.kartrekker
        )
    a.refresh_from_db()
    assert a.begeleider is not None


def test_a_new_contact_address_gets_a_new_invitation_link():
    programme = make_programme()
    partner = make_partner(programme, name="Wijkteam Oost")
    old_token = partner.invite_token
    mail.outbox.clear()
    partner.contact_email = "nieuw@wijkteam.example.nl"
    partner_update(partner=partner, changed=["contact_email"], by=programme.kartrekker)
    partner.refresh_from_db()
    assert partner.invite_token != old_token
    (message,) = mail.outbox
    assert message.to == ["nieuw@wijkteam.example.nl"]
    assert partner.invite_token in message.body


def test_resending_the_invitation_sends_the_same_link_again():
    programme = make_programme()
    partner = make_partner(programme)
    mail.outbox.clear()
    partner_invite_resend(partner=partner, by=programme.kartrekker)
    (message,) = mail.outbox
    assert partner.invite_token in message.body


def test_a_partner_without_sign_ups_can_be_removed():
    programme = make_programme()
    partner = make_partner(programme, name="Balans")
    partner_remove(partner=partner, by=programme.kartrekker)
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert AuditEntry.objects.get(action="programme.partner_removed").data == {"name": "Balans"}


def test_a_partner_with_attributed_sign_ups_is_not_removed():
    programme = make_programme()
    partner = make_partner(programme, name="Balans")
    signup = make_signup(programme, "ouder", partner=partner)
    set_signup_status(signup=signup, status="withdrawn", by=None)
    with pytest.raises(ProgrammeError, match="Via Balans kwamen al aanmeldingen binnen"):
        partner_remove(partner=partner, by=programme.kartrekker)
    signup.refresh_from_db()
    assert signup.partner_id == partner.pk
