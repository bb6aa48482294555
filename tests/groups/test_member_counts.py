"""Places taken by members without an account: the members and manage pages say so, so "10 van 10
plekken bezet" above a list of 8 people is not a riddle."""

from django.urls import reverse

from intervisie.groups import domain


def _member(user, group, by):
    membership = domain.membership_request(user=user, group=group, motivation="Graag")
    domain.membership_accept(membership=membership, by=by)
    return membership


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_members_page_says_how_many_members_have_no_account(client, alice, bob, charlie, group):
    group.max_members = 4
    group.external_members = 2
    group.save()
    _member(bob, group, alice)
    _member(charlie, group, alice)
    client.force_login(alice)
    html = _text(client.get(reverse("groups:members", args=[group.slug])))
    assert (
        "4 van 4 plekken bezet (waarvan 2 leden zonder account: zij staan niet in de lijsten hieronder)"
        in html
    )
    group.refresh_from_db()  # the place counts changed in the database
    group.external_members = 1
    group.save()
    html = _text(client.get(reverse("groups:members", args=[group.slug])))
    assert (
        "3 van 4 plekken bezet (waarvan 1 lid zonder account: dat lid staat niet in de lijsten hieronder)"
        in html
    )


def test_members_page_without_external_members_says_nothing_about_accounts(client, alice, bob, group):
    _member(bob, group, alice)
    client.force_login(alice)
    html = _text(client.get(reverse("groups:members", args=[group.slug])))
    assert "1 van 6 plekken bezet</span>" in html
    assert "zonder account" not in html


def test_manage_overview_counts_members_without_account(client, alice, group):
    group.external_members = 2
    group.save()
    client.force_login(alice)
    html = _text(client.get(reverse("groups:manage")))
    assert '2 van 6 <span class="muted">(2 leden zonder account)</span>' in html
    group.external_members = 1
    group.save()
    assert '1 van 6 <span class="muted">(1 lid zonder account)</span>' in _text(
        client.get(reverse("groups:manage"))
    )
