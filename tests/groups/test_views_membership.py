"""The membership screens as a person (bob), a manager (alice) and an outsider (charlie) sees them."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from intervisie.common.models import AuditEntry
from intervisie.groups import domain
from intervisie.groups.enums import MembershipState as S
from intervisie.groups.models import Membership
from tests.factories import GroupFactory, OrganisationFactory, UserFactory, give_totp

MOTIVATION = "Ik werk tien jaar in de jeugdzorg en zoek een groep om van te leren."


def _request(user, group, motivation=MOTIVATION):
    return domain.membership_request(user=user, group=group, motivation=motivation)


def _member(user, group, by):
    membership = domain.membership_accept(membership=_request(user, group), by=by)
    return domain.membership_confirm(membership=membership, by=by)


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _action_url(membership, action):
    return reverse("groups:membership_action", args=[membership.pk, action])


@pytest.fixture
def small_group(organisation):
    return GroupFactory(name="Kleine groep Ede", organisation=organisation, min_members=2, max_members=2)


# --- Join page ---------------------------------------------------------------------------------------


def test_join_anonymous_redirects_to_login_with_next(client, group):
    url = reverse("groups:join", args=[group.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_join_shows_group_places_and_motivation_field(client, bob, group):
    client.force_login(bob)
    response = client.get(reverse("groups:join", args=[group.slug]))
    html = _text(response)
    assert "<h1>Aanmelden bij Intervisie Utrecht Oost</h1>" in html
    assert "Er zijn 6 plekken vrij." in html
    assert '<label for="id_motivation">Waarom wil je meedoen?' in html
    assert 'maxlength="1000"' in html
    assert "Aanmelding versturen" in html


def test_join_post_creates_request_and_shows_it(client, bob, group):
    client.force_login(bob)
    response = client.post(reverse("groups:join", args=[group.slug]), {"motivation": MOTIVATION}, follow=True)
    membership = Membership.objects.get(user=bob, group=group)
    assert membership.state == S.REQUESTED
    assert membership.motivation == MOTIVATION
    assert response.redirect_chain == [(reverse("groups:membership", args=[membership.pk]), 302)]
    html = _text(response)
    assert "Je aanmelding voor Intervisie Utrecht Oost is verstuurd." in html
    assert "Aangemeld, wacht op reactie" in html


def test_join_waitlist_group_puts_person_on_waitlist(client, alice, bob, charlie, small_group):
    _member(alice, small_group, alice)
    _member(charlie, small_group, alice)
    client.force_login(bob)
    url = reverse("groups:join", args=[small_group.slug])
    html = _text(client.get(url))
    assert "De groep is vol. Als je je aanmeldt, kom je op de wachtlijst." in html
    assert "Zet me op de wachtlijst" in html
    response = client.post(url, {"motivation": MOTIVATION}, follow=True)
    assert Membership.objects.get(user=bob).state == S.WAITLISTED
    assert "Je staat op de wachtlijst van Kleine groep Ede." in _text(response)
    assert "Je staat op plaats 1 van de wachtlijst." in _text(response)


@pytest.mark.parametrize(
    ("motivation", "error"),
    [
        ("", "Schrijf kort waarom je mee wilt doen."),
        ("   ", "Schrijf kort waarom je mee wilt doen."),
        ("a" * 1001, "Je tekst is te lang. Gebruik maximaal 1000 tekens (nu 1001)."),
        ("Mijn BSN is 111222333, voor de zekerheid.", "Een BSN mogen we niet bewaren. Haal het nummer weg."),
    ],
)
def test_join_bad_motivation_shows_field_error_and_keeps_text(client, bob, group, motivation, error):
    client.force_login(bob)
    response = client.post(reverse("groups:join", args=[group.slug]), {"motivation": motivation})
    assert response.status_code == 200
    html = _text(response)
    assert error in html
    assert 'class="errorlist" id="id_motivation_error' in html  # the message sits at the field
    assert f">\n{motivation}</textarea>" in html or f">{motivation.strip()}</textarea>" in html
    assert not Membership.objects.exists()


def test_join_domain_refusal_shows_message_and_keeps_text(client, bob, group):
    client.force_login(bob)
    url = reverse("groups:join", args=[group.slug])
    client.get(url)
    group.is_closed = True  # closed by its manager while bob was typing
    group.save()
    response = client.post(url, {"motivation": MOTIVATION})
    html = _text(response)
    assert "Deze groep neemt op dit moment geen aanmeldingen aan." in html
    assert f"{MOTIVATION}</textarea>" in html
    assert not Membership.objects.exists()


def test_join_with_active_membership_shows_it_instead_of_form(client, bob, group):
    membership = _request(bob, group)
    client.force_login(bob)
    response = client.get(reverse("groups:join", args=[group.slug]))
    html = _text(response)
    assert "Je bent al aangemeld voor deze groep. De status is: Aangemeld, wacht op reactie." in html
    assert reverse("groups:membership", args=[membership.pk]) in html
    assert "<textarea" not in html
    # A second POST (e.g. a double click) changes nothing.
    client.post(reverse("groups:join", args=[group.slug]), {"motivation": "nog een keer"})
    assert Membership.objects.filter(user=bob).count() == 1


def test_join_after_leaving_is_possible_again(client, alice, bob, group):
    domain.membership_leave(membership=_member(bob, group, alice), by=bob)
    client.force_login(bob)
    html = _text(client.get(reverse("groups:join", args=[group.slug])))
    assert "Je was eerder bij deze groep aangemeld. Je kunt je opnieuw aanmelden." in html
    assert "<textarea" in html


def test_join_unpublished_group_is_404_for_others(client, alice, bob, organisation):
    hidden = GroupFactory(name="Verborgen groep", organisation=organisation, is_published=False)
    client.force_login(bob)
    assert client.get(reverse("groups:join", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("groups:join", args=["bestaat-niet"])).status_code == 404


# --- Mijn groepen en aanmeldingen ---------------------------------------------------------------------


def test_mine_empty_state_points_to_search(client, bob):
    client.force_login(bob)
    html = _text(client.get(reverse("groups:mine")))
    assert "Je bent nog niet aangemeld bij een intervisiegroep." in html
    assert f'<a class="button" href="{reverse("directory:search")}">Zoek een groep</a>' in html


def test_mine_anonymous_redirects_to_login(client):
    response = client.get(reverse("groups:mine"))
    assert response["Location"].startswith(reverse("account_login"))


def test_mine_shows_every_kind_of_membership(client, alice, bob, charlie, organisation, small_group):
    current = GroupFactory(name="Mijn vaste groep", organisation=organisation)
    pending = GroupFactory(name="Groep waar ik op antwoord wacht", organisation=organisation)
    old = GroupFactory(name="Mijn oude groep", organisation=organisation)
    _member(bob, current, alice)
    _request(bob, pending)
    domain.membership_leave(membership=_member(bob, old, alice), by=bob)
    # small_group is full: Dave waits first, Bob second.
    _member(alice, small_group, alice)
    _member(charlie, small_group, alice)
    _request(UserFactory(name="Dave Eerst"), small_group)
    _request(bob, small_group)

    client.force_login(bob)
    html = _text(client.get(reverse("groups:mine")))
    assert '<h2 id="current-heading">Mijn groepen</h2>' in html
    assert "Mijn vaste groep" in html
    assert "Je bent lid van deze groep. Wil je stoppen? Dat kan altijd." in html
    assert "Groep waar ik op antwoord wacht" in html
    assert "Je staat op plaats 2 van de wachtlijst." in html
    assert "Aanmelding intrekken" in html
    history = html.split('id="history-heading"')[1]
    assert "Mijn oude groep" in history
    assert "Gestopt" in history
    assert "Mijn vaste groep" not in history


def test_mine_open_offer_has_accept_and_decline_with_expiry(client, alice, bob, charlie, small_group):
    leaving = _member(alice, small_group, alice)
    _member(charlie, small_group, alice)
    waiting = _request(bob, small_group)
    domain.membership_leave(membership=leaving, by=alice)
    waiting.refresh_from_db()
    client.force_login(bob)
    html = _text(client.get(reverse("groups:mine")))
    offers = html.split('id="offers-heading"')[1].split("</section>")[0]
    expires = timezone.localtime(waiting.offer_expires_at)
    assert f"{expires:%H:%M} uur" in offers
    assert "Er is een plek voor je. Neem de plek aan vóór" in offers
    assert f'action="{_action_url(waiting, "accept_offer")}"' in offers
    assert f'action="{_action_url(waiting, "decline_offer")}"' in offers
    assert "Plek aannemen" in offers
    assert "Plek afslaan" in offers


def test_mine_switching_keeps_history_visible(client, alice, bob, group, organisation):
    other = GroupFactory(name="Intervisie Zeist", organisation=organisation)
    domain.membership_leave(membership=_member(bob, group, alice), by=bob)
    _request(bob, other)
    client.force_login(bob)
    html = _text(client.get(reverse("groups:mine")))
    assert "Intervisie Zeist" in html.split('id="pending-heading"')[1]
    assert "Intervisie Utrecht Oost" in html.split('id="history-heading"')[1]


def test_mine_does_not_show_other_peoples_memberships(client, alice, bob, charlie, group):
    _request(charlie, group)
    client.force_login(bob)
    html = _text(client.get(reverse("groups:mine")))
    assert "Intervisie Utrecht Oost" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_mine_query_count_is_fixed(client, alice, bob, organisation, django_assert_num_queries, count):
    for n in range(count):
        group = GroupFactory(name=f"Groep {n}", organisation=organisation, min_members=2, max_members=2)
        if n % 2:
            _member(alice, group, alice)
            _member(UserFactory(), group, alice)
        _request(bob, group)  # requested or (every other group) waitlisted
    client.force_login(bob)
    # session, user, MFA check (roles, managed organisations, guided groups; cached on the user for
    # the menu), memberships with their groups and waitlist places in one query.
    with django_assert_num_queries(6):
        response = client.get(reverse("groups:mine"))
    assert _text(response).count('<li class="card">') == count


# --- Membership page ---------------------------------------------------------------------------------


def test_membership_page_as_owner_shows_timeline_and_own_actions(client, alice, bob, group):
    membership = domain.membership_accept(membership=_request(bob, group), by=alice)
    client.force_login(bob)
    html = _text(client.get(reverse("groups:membership", args=[membership.pk])))
    assert "Jouw aanmelding bij Intervisie Utrecht Oost" in html
    assert 'Aangemeld, wacht op reactie <span class="muted">(door jou)</span>' in html
    assert 'Kennismaking <span class="muted">(door Alice Jansen)</span>' in html
    assert f'action="{_action_url(membership, "leave")}"' in html
    assert "Stoppen met deze groep" in html
    assert _action_url(membership, "trial") not in html  # that is the manager's step


def test_membership_page_as_manager_shows_person_and_decisions(client, alice, bob, group):
    bob.skj_number = "12345678"
    bob.save()
    membership = _request(bob, group)
    client.force_login(alice)
    html = _text(client.get(reverse("groups:membership", args=[membership.pk])))
    assert "Aanmelding van Bob de Vries bij Intervisie Utrecht Oost" in html
    assert MOTIVATION in html
    assert "bob@example.nl" in html
    assert "12345678 (niet gecontroleerd)" in html
    for action in ("accept", "waitlist", "decline"):
        assert f'action="{_action_url(membership, action)}"' in html
    assert _action_url(membership, "leave") not in html


def test_membership_page_as_begeleider_and_platform_admin(
    client, bob, guided_group, begeleider, platform_admin
):
    membership = _request(bob, guided_group)
    for user in (begeleider, platform_admin):
        client.force_login(user)
        html = _text(client.get(reverse("groups:membership", args=[membership.pk])))
        assert "Aanmelding van Bob de Vries bij Intervisie Utrecht Oost" in html
        assert _action_url(membership, "accept") in html


def test_membership_page_outsider_gets_404(client, bob, charlie, group):
    membership = _request(bob, group)
    client.force_login(charlie)
    assert client.get(reverse("groups:membership", args=[membership.pk])).status_code == 404
    assert client.get(reverse("groups:membership", args=[membership.pk + 100])).status_code == 404


def test_membership_page_manager_of_another_organisation_gets_404(client, bob, group):
    other_manager = UserFactory(roles=["organisatiebeheerder"])
    give_totp(other_manager)
    GroupFactory(organisation__managers=[other_manager])
    membership = _request(bob, group)
    client.force_login(other_manager)
    assert client.get(reverse("groups:membership", args=[membership.pk])).status_code == 404


# --- Actions -----------------------------------------------------------------------------------------


def test_action_get_is_not_allowed(client, alice, bob, group):
    membership = _request(bob, group)
    client.force_login(alice)
    assert client.get(_action_url(membership, "accept")).status_code == 405


def test_action_unknown_is_404(client, alice, bob, group):
    membership = _request(bob, group)
    client.force_login(alice)
    assert client.post(_action_url(membership, "delete")).status_code == 404


@pytest.mark.parametrize("action", ["accept", "trial", "confirm", "decline", "waitlist"])
def test_action_manager_step_by_member_or_outsider_is_404(client, bob, charlie, group, action):
    membership = _request(bob, group)
    for user in (bob, charlie):
        client.force_login(user)
        assert (
            client.post(_action_url(membership, action), {"confirm": "yes", "reason": "x"}).status_code == 404
        )
    membership.refresh_from_db()
    assert membership.state == S.REQUESTED


@pytest.mark.parametrize("action", ["leave", "accept_offer", "decline_offer"])
def test_action_person_step_by_manager_or_outsider_is_404(client, alice, bob, charlie, group, action):
    membership = _request(bob, group)
    for user in (alice, charlie):
        client.force_login(user)
        assert client.post(_action_url(membership, action), {"confirm": "yes"}).status_code == 404
    membership.refresh_from_db()
    assert membership.state == S.REQUESTED


def test_action_anonymous_post_redirects_to_login(client, bob, group):
    membership = _request(bob, group)
    response = client.post(_action_url(membership, "accept"))
    assert response["Location"].startswith(reverse("account_login"))


def test_action_manager_walks_the_path(client, alice, bob, group):
    membership = _request(bob, group)
    client.force_login(alice)
    response = client.post(_action_url(membership, "accept"), follow=True)
    assert "Bob de Vries is uitgenodigd voor een kennismaking. Er is een e-mail verstuurd." in _text(response)
    response = client.post(_action_url(membership, "trial"), follow=True)
    assert "De proefperiode van Bob de Vries is begonnen." in _text(response)
    response = client.post(_action_url(membership, "confirm"), follow=True)
    assert "Bob de Vries is nu lid van Intervisie Utrecht Oost." in _text(response)
    membership.refresh_from_db()
    assert membership.state == S.MEMBER
    group.refresh_from_db()
    assert group.open_places == 5


def test_action_returns_to_next_when_it_is_on_this_site(client, alice, bob, group):
    membership = _request(bob, group)
    client.force_login(alice)
    members = reverse("groups:members", args=[group.slug])
    assert client.post(_action_url(membership, "accept"), {"next": members})["Location"] == members
    membership = _request(UserFactory(), group)
    response = client.post(_action_url(membership, "accept"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("groups:membership", args=[membership.pk])


def test_action_not_possible_in_this_state_shows_message(client, alice, bob, group):
    membership = _request(bob, group)
    client.force_login(alice)
    response = client.post(_action_url(membership, "trial"))
    assert _messages(response) == [
        "Dit kan niet meer: de aanmelding staat nu op 'Aangemeld, wacht op reactie'."
    ]
    membership.refresh_from_db()
    assert membership.state == S.REQUESTED


def test_action_decline_asks_confirmation_without_javascript(client, alice, bob, group):
    membership = _request(bob, group)
    client.force_login(alice)
    response = client.post(_action_url(membership, "decline"))
    html = _text(response)
    assert response.status_code == 200
    assert "<h1>Weet je zeker dat je de aanmelding van Bob de Vries afwijst?</h1>" in html
    assert "data-confirm=" not in html  # this page is the confirmation; no second browser dialog
    assert '<input type="hidden" name="confirm" value="yes">' in html
    assert '<label for="id_reason">Reden' in html
    assert 'class="errorlist"' not in html  # no error before the manager typed anything
    membership.refresh_from_db()
    assert membership.state == S.REQUESTED


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("", "Geef een reden, zodat de persoon weet waarom."),
        ("r" * 1001, "Je tekst is te lang. Gebruik maximaal 1000 tekens (nu 1001)."),
    ],
)
def test_action_decline_bad_reason_shows_field_error_and_keeps_text(client, alice, bob, group, reason, error):
    membership = _request(bob, group)
    client.force_login(alice)
    response = client.post(_action_url(membership, "decline"), {"confirm": "yes", "reason": reason})
    html = _text(response)
    assert error in html
    assert 'class="errorlist" id="id_reason_error' in html
    assert f"{reason}</textarea>" in html
    membership.refresh_from_db()
    assert membership.state == S.REQUESTED


def test_action_decline_with_reason(client, alice, bob, group):
    membership = _request(bob, group)
    client.force_login(alice)
    response = client.post(
        _action_url(membership, "decline"),
        {"confirm": "yes", "reason": "Deze groep is voor gezinshuisouders."},
        follow=True,
    )
    assert "De aanmelding van Bob de Vries is afgewezen." in _text(response)
    membership.refresh_from_db()
    assert (membership.state, membership.decline_reason) == (
        S.DECLINED,
        "Deze groep is voor gezinshuisouders.",
    )


def test_action_leave_asks_confirmation_then_frees_the_place(client, alice, bob, group):
    membership = _member(bob, group, alice)
    client.force_login(bob)
    html = _text(client.post(_action_url(membership, "leave")))
    assert "<h1>Weet je zeker dat je stopt met Intervisie Utrecht Oost?</h1>" in html
    assert "data-confirm=" not in html
    membership.refresh_from_db()
    assert membership.state == S.MEMBER

    response = client.post(_action_url(membership, "leave"), {"confirm": "yes", "reason": ""}, follow=True)
    assert "Je staat niet meer ingeschreven bij Intervisie Utrecht Oost." in _text(response)
    membership.refresh_from_db()
    group.refresh_from_db()
    assert membership.state == S.LEFT
    assert group.open_places == 6


def test_action_withdraw_request_wording(client, bob, group):
    membership = _request(bob, group)
    client.force_login(bob)
    html = _text(client.post(_action_url(membership, "leave")))
    assert "<h1>Weet je zeker dat je je aanmelding voor Intervisie Utrecht Oost intrekt?</h1>" in html
    client.post(_action_url(membership, "leave"), {"confirm": "yes"})
    membership.refresh_from_db()
    assert membership.state == S.WITHDRAWN


@pytest.fixture
def offer(alice, charlie, small_group, bob):
    """Bob waited for small_group; Alice left, so Bob has an offer."""
    leaving = _member(alice, small_group, alice)
    _member(charlie, small_group, alice)
    waiting = _request(bob, small_group)
    domain.membership_leave(membership=leaving, by=alice)
    waiting.refresh_from_db()
    assert waiting.state == S.OFFERED
    return waiting


def test_action_accept_offer(client, bob, offer):
    client.force_login(bob)
    response = client.post(_action_url(offer, "accept_offer"), follow=True)
    assert "Je hebt de plek in Kleine groep Ede aangenomen." in _text(response)
    offer.refresh_from_db()
    assert offer.state == S.INTRODUCTION


def test_action_accept_expired_offer_is_refused(client, bob, offer):
    Membership.objects.filter(pk=offer.pk).update(offer_expires_at=timezone.now() - timedelta(hours=1))
    client.force_login(bob)
    response = client.post(_action_url(offer, "accept_offer"))
    assert _messages(response) == ["Dit aanbod is verlopen. De plek gaat naar de volgende op de wachtlijst."]
    offer.refresh_from_db()
    assert offer.state == S.OFFERED


def test_action_decline_offer_asks_confirmation(client, bob, offer):
    client.force_login(bob)
    html = _text(client.post(_action_url(offer, "decline_offer")))
    assert "<h1>Weet je zeker dat je de plek in Kleine groep Ede niet wilt?</h1>" in html
    assert "data-confirm=" not in html
    offer.refresh_from_db()
    assert offer.state == S.OFFERED
    client.post(_action_url(offer, "decline_offer"), {"confirm": "yes"})
    offer.refresh_from_db()
    assert offer.state == S.WITHDRAWN


def test_action_accept_on_full_group_offers_the_waitlist(client, alice, bob, charlie, small_group):
    late = _request(bob, small_group)
    _member(alice, small_group, alice)
    _member(charlie, small_group, alice)
    client.force_login(alice)
    response = client.post(_action_url(late, "accept"))
    html = _text(response)
    assert "Er is geen plek meer vrij in deze groep." in html
    assert f'action="{_action_url(late, "waitlist")}"' in html
    assert "Op de wachtlijst zetten" in html
    late.refresh_from_db()
    assert late.state == S.REQUESTED

    response = client.post(_action_url(late, "waitlist"), follow=True)
    assert "Bob de Vries staat nu op de wachtlijst." in _text(response)
    late.refresh_from_db()
    assert late.state == S.WAITLISTED


# --- Manager overview --------------------------------------------------------------------------------


def test_manage_lists_managed_groups_with_counts(
    client, alice, bob, charlie, organisation, small_group, group
):
    _member(alice, small_group, alice)
    late = _request(bob, small_group)
    _member(charlie, small_group, alice)
    domain.membership_to_waitlist(membership=late, by=alice)
    _request(UserFactory(), small_group)
    _request(UserFactory(), group)
    GroupFactory(name="Groep van een ander")  # another organisation
    client.force_login(alice)
    html = _text(client.get(reverse("groups:manage")))
    assert "Groep van een ander" not in html
    rows = html.split("<tbody>")[1].split("</tr>")
    ede = next(r for r in rows if "Kleine groep Ede" in r)
    utrecht = next(r for r in rows if "Intervisie Utrecht Oost" in r)
    cells = lambda row: [c.split("</td>")[0].strip() for c in row.split("<td>")[1:]]  # noqa: E731
    # open places, requests waiting, waitlist, offers, members
    assert cells(ede)[1:] == ["Gezinshuis Netwerk Midden", "0", "0", "2", "0", "2 van 2"]
    assert cells(utrecht)[1:] == ["Gezinshuis Netwerk Midden", "6", "<strong>1</strong>", "0", "0", "0 van 6"]


def test_manage_begeleider_sees_the_group_they_guide(client, begeleider, guided_group):
    client.force_login(begeleider)
    html = _text(client.get(reverse("groups:manage")))
    assert reverse("groups:members", args=[guided_group.slug]) in html


@pytest.mark.parametrize("user", ["bob", "charlie"])
def test_manage_member_and_outsider_get_404(client, alice, bob, group, request, user):
    _member(bob, group, alice)
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("groups:manage")).status_code == 404


def test_manage_organisation_without_groups_shows_empty_state(client, db):
    manager = UserFactory(roles=["organisatiebeheerder"])
    give_totp(manager)
    OrganisationFactory(managers=[manager])
    client.force_login(manager)
    html = _text(client.get(reverse("groups:manage")))
    assert "Je beheert of begeleidt nog geen groepen." in html


@pytest.mark.parametrize("count", [1, 3])
def test_manage_query_count_is_fixed(client, alice, organisation, django_assert_num_queries, count):
    for n in range(count):
        group = GroupFactory(name=f"Groep {n}", organisation=organisation)
        _request(UserFactory(), group)
    client.force_login(alice)
    # session, user, MFA check (roles, TOTP), "manages something", groups with their counts in one
    # query, the menu's "manages something" check.
    with django_assert_num_queries(7):
        response = client.get(reverse("groups:manage"))
    assert _text(response).count("<tr>") == count + 1  # header row + one per group


# --- Members page --------------------------------------------------------------------------------------


def test_members_page_for_manager_lists_every_stage(client, alice, bob, charlie, small_group):
    requested = _request(bob, small_group)
    _member(alice, small_group, alice)
    member = _member(charlie, small_group, alice)
    first, second = (_request(UserFactory(name=name), small_group) for name in ("Wim Eerst", "Wanda Tweede"))
    gone = _request(UserFactory(name="Gijs Gestopt"), small_group)
    domain.membership_leave(membership=gone, by=gone.user)
    client.force_login(alice)
    html = _text(client.get(reverse("groups:members", args=[small_group.slug])))
    section = lambda name: html.split(f'id="{name}-heading"')[1].split("</section>")[0]  # noqa: E731
    assert "Bob de Vries" in section("requests")
    assert f'action="{_action_url(requested, "accept")}"' in section("requests")
    waitlist = section("waitlist")
    assert waitlist.index("Wim Eerst") < waitlist.index("Wanda Tweede")
    assert f'action="{_action_url(first, "decline")}"' in waitlist
    assert "Charlie Bakker" in section("member")
    assert f'action="{_action_url(member, "leave")}"' not in html
    assert "Gijs Gestopt" in section("past")
    assert second.state == S.WAITLISTED


@pytest.mark.parametrize("user", ["bob", "charlie"])
def test_members_page_member_and_outsider_get_404(client, alice, bob, group, request, user):
    _member(bob, group, alice)
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("groups:members", args=[group.slug])).status_code == 404


def test_members_page_begeleider_sees_it_without_register_toggle(client, bob, begeleider, guided_group):
    bob.skj_number = "12345678"
    bob.save()
    _request(bob, guided_group)
    client.force_login(begeleider)
    html = _text(client.get(reverse("groups:members", args=[guided_group.slug])))
    assert "SKJ 12345678" in html
    assert "Zet op gecontroleerd" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_members_page_query_count_is_fixed(client, alice, group, django_assert_num_queries, count):
    for n in range(count):
        person = UserFactory(skj_number=f"1234567{n}")
        _member(person, group, alice)
        _request(UserFactory(), group)
    client.force_login(alice)
    # session, user, MFA check (roles, TOTP), group, manage rule, memberships with their people,
    # verify rule, the menu's "manages something" check.
    with django_assert_num_queries(9):
        response = client.get(reverse("groups:members", args=[group.slug]))
    assert _text(response).count(">Zet op gecontroleerd</button>") == count


# --- Register number verification -------------------------------------------------------------------


def _verify_url(group, person):
    return reverse("groups:verify_registration", args=[group.slug, person.pk])


def test_verify_registration_toggles_and_logs(client, alice, bob, group):
    bob.skj_number = "12345678"
    bob.save()
    _request(bob, group)
    client.force_login(alice)
    response = client.post(_verify_url(group, bob), {"register": "skj", "verified": "1"}, follow=True)
    assert "Het SKJ-nummer van Bob de Vries staat nu op gecontroleerd." in _text(response)
    assert "Zet op niet gecontroleerd" in _text(response)
    bob.refresh_from_db()
    assert bob.skj_verified is True
    assert AuditEntry.objects.filter(action="user.skj_verified", actor=alice, object_id=str(bob.pk)).exists()

    client.post(_verify_url(group, bob), {"register": "skj", "verified": "0"})
    bob.refresh_from_db()
    assert bob.skj_verified is False


def test_verify_registration_without_number_shows_message(client, alice, bob, group):
    _request(bob, group)
    client.force_login(alice)
    response = client.post(_verify_url(group, bob), {"register": "registerplein", "verified": "1"})
    assert _messages(response) == [
        "Bob de Vries heeft geen Registerplein-nummer ingevuld. Er is niets te controleren."
    ]
    bob.refresh_from_db()
    assert bob.registerplein_verified is False


@pytest.mark.parametrize(
    "data", [{}, {"register": "bsn", "verified": "1"}, {"register": "skj", "verified": "ja"}]
)
def test_verify_registration_bad_input_shows_message(client, alice, bob, group, data):
    bob.skj_number = "12345678"
    bob.save()
    _request(bob, group)
    client.force_login(alice)
    response = client.post(_verify_url(group, bob), data)
    assert response.status_code == 302
    assert _messages(response) == ["Dat ging niet goed. Probeer het opnieuw."]


def test_verify_registration_forbidden_cases_are_404(client, alice, bob, charlie, begeleider, guided_group):
    bob.skj_number = "12345678"
    bob.save()
    _request(bob, guided_group)
    data = {"register": "skj", "verified": "1"}
    for user in (bob, charlie, begeleider):  # begeleider: not a manager of the organisation
        client.force_login(user)
        assert client.post(_verify_url(guided_group, bob), data).status_code == 404
    client.force_login(alice)
    assert client.post(_verify_url(guided_group, charlie), data).status_code == 404  # no membership here
    assert client.get(_verify_url(guided_group, bob)).status_code == 405
    bob.refresh_from_db()
    assert bob.skj_verified is False


def test_manager_lets_a_member_plan_meetings_and_takes_it_back(client, alice, bob, group):
    membership = _member(bob, group, alice)
    client.force_login(alice)
    html = _text(client.get(reverse("groups:members", kwargs={"slug": group.slug})))
    assert "Mag bijeenkomsten plannen" in html
    client.post(_action_url(membership, "make_planner"))
    membership.refresh_from_db()
    assert membership.is_planner is True
    assert bob.has_perm("meetings.plan_meetings", group)
    html = _text(client.get(reverse("groups:members", kwargs={"slug": group.slug})))
    assert "Mag niet meer plannen" in html
    client.post(_action_url(membership, "remove_planner"))
    membership.refresh_from_db()
    assert membership.is_planner is False
    assert not type(bob).objects.get(pk=bob.pk).has_perm("meetings.plan_meetings", group)


def test_member_cannot_make_themselves_planner(client, alice, bob, group):
    membership = _member(bob, group, alice)
    client.force_login(bob)
    assert client.post(_action_url(membership, "make_planner")).status_code == 404
    membership.refresh_from_db()
    assert membership.is_planner is False


def test_planner_flag_needs_a_participant(alice, bob, group):
    from intervisie.groups.domain import MembershipError, membership_set_planner

    membership = _request(bob, group)
    with pytest.raises(MembershipError):
        membership_set_planner(membership=membership, is_planner=True, by=alice)
