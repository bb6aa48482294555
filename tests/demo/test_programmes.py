"""The "buiten je bubbel" demo (issue 13): one programme running in Utrecht with three partners and two
composed groups, one recruiting before the summer; their pages open for the demo's kartrekker, a partner
contact and a participant; a second load changes nothing.

Only the accounts and the programmes are loaded (once for this module, rolled back at its end; each test
in a savepoint of its own)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from intervisie.common.models import AuditEntry
from intervisie.demo.people import people_demo_load
from intervisie.demo.programmes import RECRUITING_SLUG, RUNNING_SLUG, programmes_demo_load
from intervisie.programmes.composition import board
from intervisie.programmes.enums import ProgrammeStatus, SignupStatus
from intervisie.programmes.models import Harvest, Partner, Programme, ProgrammeEvaluation, Signup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def users(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            users = people_demo_load()
            programmes_demo_load(users=users)
            yield users
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_one_programme_runs_in_utrecht_with_three_partners_and_two_composed_groups(users):
    running = Programme.objects.get(slug=RUNNING_SLUG)
    assert running.status == ProgrammeStatus.RUNNING and running.initiator.city == "Utrecht"
    assert running.partners.count() == 3
    groups = list(running.groups.select_related("group"))
    assert len(groups) == 2 and all(g.group_id and g.begeleider_id for g in groups)
    current = board(running)
    assert current.violations == []
    for group in groups:
        categories = sorted(group.signups.values_list("category", flat=True))
        # Each group has the target mix: two professionals, two students, a parent, a young person.
        assert categories == ["jongere", "ouder", "professional", "professional", "student", "student"]
    assert not running.signups.exclude(status=SignupStatus.PLACED).exists()


def test_the_running_programme_has_history_evaluations_and_a_shared_harvest(users):
    running = Programme.objects.get(slug=RUNNING_SLUG)
    assert ProgrammeEvaluation.objects.filter(signup__programme=running).count() >= 10
    harvest = Harvest.objects.get(signup__programme=running)
    assert harvest.share and harvest.shared_text
    memberships = sum(g.group.memberships.count() for g in running.groups.select_related("group"))
    assert memberships == Signup.objects.filter(programme=running, user__isnull=False).count() == 7


def test_one_programme_recruits_with_a_young_person_waiting_for_the_parents_consent(users):
    recruiting = Programme.objects.get(slug=RECRUITING_SLUG)
    assert recruiting.status == ProgrammeStatus.RECRUITING
    assert recruiting.signups.filter(status=SignupStatus.AWAITING_CONSENT, category="jongere").count() == 1
    assert recruiting.signups.filter(partner__isnull=False).count() >= 3


def test_the_demo_pages_open_for_the_kartrekker_the_partner_and_a_participant(users, client):
    running = Programme.objects.get(slug=RUNNING_SLUG)
    client.force_login(users["organisator"])
    for path in ("beheer/", "beheer/aanmeldingen/", "beheer/indeling/", "verslag/"):
        assert client.get(f"/programmas/{running.slug}/{path}").status_code == 200, path
    partner = Partner.objects.get(programme=running, contact_links__user=users["professional"])
    client.force_login(users["professional"])
    assert client.get(f"/programmas/{running.slug}/partner/{partner.code}/").status_code == 200
    client.force_login(users["student"])
    page = client.get(f"/programmas/{running.slug}/evaluatie/")
    assert page.status_code == 200
    assert client.get(f"/programmas/{RECRUITING_SLUG}/").status_code == 200


def test_a_second_load_changes_nothing(users):
    counts = (Programme.objects.count(), Signup.objects.count(), AuditEntry.objects.count())
    programmes_demo_load(users=users)
    assert (Programme.objects.count(), Signup.objects.count(), AuditEntry.objects.count()) == counts


def test_demo_logins_names_the_kartrekker_a_partner_contact_and_a_participant(users):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "Buiten je bubbel-programma's" in text
    assert f"kartrekker: {users['organisator'].email}" in text
    assert f"partner (Wijkteams Domstad): {users['professional'].email}" in text
    participant = text.split("Buiten je bubbel Utrecht (loopt):", 1)[1].split("deelnemer: ", 1)[1].split()[0]
    assert Signup.objects.filter(
        programme__slug=RUNNING_SLUG, status="placed", user__email=participant
    ).exists()
