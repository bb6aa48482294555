"""The owner's pages of a provider: the profile at /aanbieders/<slug>/profiel/ and its begeleiders.
Only an owner gets there; everyone else gets 404, the same answer as for a provider that does not exist."""

from decimal import Decimal

import pytest
from django.core import mail

from intervisie.common.models import AuditEntry
from intervisie.providers.models import Provider, ProviderMember
from tests.factories import ProviderFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db


def _url(provider, tail="profiel/"):
    return f"/aanbieders/{provider.slug}/{tail}"


def _begeleider(email, name, **kwargs):
    user = UserFactory(email=email, name=name, roles=["begeleider"], **kwargs)
    give_totp(user)
    return user


# --- Who gets in ---------------------------------------------------------------------------------------------


def test_owner_sees_the_profile_in_four_parts(client, begeleider, provider):
    provider.iban = "NL91ABNA0417164300"
    provider.save(update_fields=["iban"])
    client.force_login(begeleider)

    html = client.get(_url(provider)).content.decode()

    assert "<h1>Profiel van Praktijk Licht</h1>" in html
    for heading in (
        "Over je praktijk",
        "Waar en hoe",
        "Standaard voor een offerte",
        "Gegevens op offertes en facturen",
    ):
        assert f">{heading}</h2>" in html
    assert 'value="NL91 ABNA 0417 1643 00"' in html
    assert "Dan is je begeleiding vrijgesteld van btw." in html
    assert "Bea Begeleider" in html and "bea@example.nl" in html


@pytest.mark.parametrize(
    "who", ["colleague", "other_owner", "member", "outsider", "platform_admin", "superuser"]
)
def test_profile_is_not_found_for_anyone_but_an_owner(client, provider, profile_data, request, who):
    if who == "colleague":
        user = _begeleider("colleague@example.nl", "Collega Zonder Beheer")
        provider.members.create(user=user, is_owner=False)
    elif who == "other_owner":
        user = _begeleider("other@example.nl", "Olaf Andere Praktijk")
        ProviderFactory(name="Praktijk Anders").members.create(user=user, is_owner=True)
    else:
        user = request.getfixturevalue({"outsider": "charlie"}.get(who, who))
    client.force_login(user)
    member = provider.members.get(user__email="bea@example.nl")

    assert client.get(_url(provider)).status_code == 404
    assert client.post(_url(provider), profile_data).status_code == 404
    assert (
        client.post(_url(provider, "begeleiders/toevoegen/"), {"begeleider-email": user.email}).status_code
        == 404
    )
    assert client.get(_url(provider, f"begeleiders/{member.pk}/verwijderen/")).status_code == 404
    assert client.post(_url(provider, f"begeleiders/{member.pk}/verwijderen/")).status_code == 404
    provider.refresh_from_db()
    assert provider.name == "Praktijk Licht"
    assert list(provider.members.values_list("user__email", flat=True).order_by("user__email")) == sorted(
        ["bea@example.nl"] + (["colleague@example.nl"] if who == "colleague" else [])
    )


def test_profile_of_a_provider_that_does_not_exist_is_not_found(client, begeleider, provider):
    client.force_login(begeleider)

    assert client.get("/aanbieders/bestaat-niet/profiel/").status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, provider):
    response = client.get(_url(provider))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/aanbieders/{provider.slug}/profiel/"


# --- Editing the profile -------------------------------------------------------------------------------------


def test_owner_edits_the_profile_and_sees_the_change(client, begeleider, provider, profile_data):
    client.force_login(begeleider)

    response = client.post(_url(provider), profile_data, follow=True)

    assert response.redirect_chain == [(_url(provider), 302)]
    html = response.content.decode()
    assert "Het profiel van Praktijk Licht &amp; Ruimte is opgeslagen." in html
    assert 'value="325,50"' in html and 'value="NL91 ABNA 0417 1643 00"' in html
    provider.refresh_from_db()
    assert provider.name == "Praktijk Licht & Ruimte"
    assert provider.slug == "praktijk-licht"  # the address stays: links in e-mails keep working
    assert provider.fee_per_meeting == Decimal("325.50")
    assert provider.travel_costs == Decimal("0.25")
    assert provider.reader_price == Decimal("12.50")
    assert provider.regions == ["UT", "GE"]
    assert provider.registers == ["LVSC", "NVO"]
    assert sorted(provider.methods.values_list("slug", flat=True)) == ["incidentmethode", "zes-fasen"]
    assert (provider.nrto_member, provider.crkbo_registered, provider.vat_exempt) == (True, True, True)
    assert (provider.iban, provider.kvk_number, provider.postcode) == (
        "NL91ABNA0417164300",
        "12345678",
        "3511 AB",
    )
    assert (provider.invoice_moment, provider.payment_days, provider.validity_days) == ("completion", 14, 30)
    assert provider.website == "https://www.praktijklicht.example.nl"
    entry = AuditEntry.objects.get(action="provider.changed")
    assert entry.actor == begeleider and entry.object_id == str(provider.pk)
    assert "iban" in entry.data["fields"] and "NL91" not in str(entry.data)


def test_owner_unpublishes_and_turns_crkbo_off(client, begeleider, provider, profile_data):
    provider.crkbo_registered = True
    provider.save(update_fields=["crkbo_registered"])
    client.force_login(begeleider)
    data = {k: v for k, v in profile_data.items() if k not in {"is_published", "crkbo_registered"}}

    client.post(_url(provider), data)

    provider.refresh_from_db()
    assert (provider.is_published, provider.crkbo_registered, provider.vat_exempt) == (False, False, False)


VAT_WARNING = "Zonder btw-identificatienummer mag je geen factuur met btw sturen."


def test_owner_saves_the_vat_number_and_the_warning_about_it_goes(client, begeleider, provider, profile_data):
    client.force_login(begeleider)
    data = {k: v for k, v in profile_data.items() if k != "crkbo_registered"}  # she charges VAT

    before = client.get(_url(provider)).content.decode()
    response = client.post(_url(provider), {**data, "vat_number": "nl 1234.56.782 b01"}, follow=True)

    assert VAT_WARNING in before and 'href="#id_vat_number"' in before
    provider.refresh_from_db()
    assert provider.vat_number == "NL123456782B01"
    html = response.content.decode()
    assert 'value="NL123456782B01"' in html
    assert VAT_WARNING not in html
    assert "vat_number" in AuditEntry.objects.get(action="provider.changed").data["fields"]


@pytest.mark.parametrize(
    ("crkbo", "vat_number", "warned"),
    [(True, "", False), (False, "", True), (False, "NL123456782B01", False)],
)
def test_the_profile_warns_only_a_provider_that_charges_vat_without_a_vat_number(
    client, begeleider, provider, crkbo, vat_number, warned
):
    Provider.objects.filter(pk=provider.pk).update(crkbo_registered=crkbo, vat_number=vat_number)
    client.force_login(begeleider)

    html = client.get(_url(provider)).content.decode()

    assert (VAT_WARNING in html) is warned
    assert 'id="id_vat_number"' in html  # the field is there either way: a CRKBO practice may fill it in


def test_a_wrong_vat_number_gets_a_message_at_the_field_and_is_not_saved(
    client, begeleider, provider, profile_data
):
    client.force_login(begeleider)

    response = client.post(_url(provider), {**profile_data, "vat_number": "NL123456789B01"})

    html = response.content.decode()
    assert (
        '<ul class="errorlist" id="id_vat_number_error"><li>Dit btw-identificatienummer klopt niet: er zit '
        "een tikfout in." in html
    )
    assert 'value="NL123456789B01"' in html
    provider.refresh_from_db()
    assert provider.vat_number == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kvk_number", "1234", "Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678."),
        ("vat_number", "NL12345678B01", "Een btw-identificatienummer ziet eruit als NL123456782B01"),
        ("iban", "NL91 ABNA 0417 1643 01", "Dit IBAN klopt niet: er zit een tikfout in."),
        ("fee_per_meeting", "-25", "Een bedrag kan niet negatief zijn."),
        ("attendance_threshold_percent", "0", "Kies een percentage van 1 tot en met 100."),
        ("attendance_threshold_percent", "101", "Kies een percentage van 1 tot en met 100."),
    ],
)
def test_bad_input_gets_a_dutch_message_at_the_field_and_keeps_what_was_typed(
    client, begeleider, provider, profile_data, field, value, message
):
    client.force_login(begeleider)

    response = client.post(_url(provider), {**profile_data, field: value})

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}' in html
    assert f'href="#id_{field}_error"' in html  # the summary at the top links to the field
    assert f'value="{value}"' in html  # the wrong value itself, to correct it
    assert 'value="Praktijk Licht &amp; Ruimte"' in html  # and everything else that was typed
    assert 'value="3511ab"' in html
    assert "Kosteloos annuleren tot twee weken voor een bijeenkomst." in html
    assert 'value="GE" id="id_regions_3" checked>' in html and 'value="UT" id="id_regions_9" checked>' in html
    assert "<h1>Profiel van Praktijk Licht</h1>" in html  # the saved name, not the unsaved one
    provider.refresh_from_db()
    assert provider.name == "Praktijk Licht"
    assert not AuditEntry.objects.filter(action="provider.changed").exists()


@pytest.mark.parametrize("count", [1, 3])
def test_profile_page_query_count_is_fixed(client, begeleider, provider, django_assert_num_queries, count):
    """Session, user, roles, two-factor check, provider, owner rule, begeleiders with their accounts,
    chosen methods, the method list, and the menu's two questions: whatever the number of begeleiders
    and methods."""
    for n in range(count - 1):
        provider.members.create(user=UserFactory(roles=["begeleider"], name=f"Collega {n}"))
    provider.methods.set(provider.methods.model.objects.in_library()[:count])
    client.force_login(begeleider)

    with django_assert_num_queries(11):
        html = client.get(_url(provider)).content.decode()

    # Each begeleider is listed; all but the only owner (Bea) with a link to remove them.
    assert all(f"Collega {n}" in html for n in range(count - 1)) and "Bea Begeleider" in html
    assert html.count("verwijderen</a>") == count - 1


# --- Begeleiders ----------------------------------------------------------------------------------------------


def test_owner_adds_a_begeleider_by_email(client, begeleider, provider):
    colleague = _begeleider("chris@example.nl", "Chris Collega")
    client.force_login(begeleider)

    response = client.post(
        _url(provider, "begeleiders/toevoegen/"),
        {"begeleider-email": "  chris@example.NL ", "begeleider-is_owner": ""},
        follow=True,
    )

    assert response.redirect_chain == [(_url(provider), 302)]  # the message is at the top
    assert (
        "Chris Collega werkt nu voor Praktijk Licht en krijgt daarover een e-mail."
        in response.content.decode()
    )
    member = ProviderMember.objects.get(provider=provider, user=colleague)
    assert member.is_owner is False
    assert not colleague.has_perm("providers.manage_provider", provider)
    assert [m.to for m in mail.outbox] == [["chris@example.nl"]]
    assert "Bea Begeleider heeft je toegevoegd als begeleider van Praktijk Licht." in mail.outbox[0].body
    assert "/trajecten/aanbieder/" in mail.outbox[0].body and "/profiel/" not in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="provider.member_added")
    assert entry.data == {"user": colleague.pk, "is_owner": False}


def test_owner_adds_a_second_owner(client, begeleider, provider):
    colleague = _begeleider("chris@example.nl", "Chris Collega")
    client.force_login(begeleider)

    client.post(
        _url(provider, "begeleiders/toevoegen/"),
        {"begeleider-email": "chris@example.nl", "begeleider-is_owner": "on"},
    )

    assert colleague.has_perm("providers.manage_provider", provider)
    assert f"/aanbieders/{provider.slug}/profiel/" in mail.outbox[0].body


@pytest.mark.parametrize("who", ["nobody", "no_role"])
def test_adding_someone_who_is_no_begeleider_says_what_to_do(client, begeleider, provider, who):
    if who == "no_role":
        UserFactory(email="gho@example.nl", roles=["gezinshuisouder"])
    client.force_login(begeleider)

    response = client.post(_url(provider, "begeleiders/toevoegen/"), {"begeleider-email": "gho@example.nl"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "We vinden geen begeleider met dit e-mailadres. Vraag je collega om eerst een account" in html
    # Named at the top too, with a link to the field at the bottom of the page.
    assert '<li><a href="#id_begeleider-email_error">We vinden geen begeleider' in html
    assert 'value="gho@example.nl"' in html
    assert provider.members.count() == 1 and not mail.outbox


def test_adding_someone_who_already_works_there_says_so(client, begeleider, provider):
    client.force_login(begeleider)

    response = client.post(_url(provider, "begeleiders/toevoegen/"), {"begeleider-email": "bea@example.nl"})

    assert "Bea Begeleider werkt al voor Praktijk Licht." in response.content.decode()
    assert provider.members.count() == 1


def test_adding_without_an_address_says_so(client, begeleider, provider):
    client.force_login(begeleider)

    response = client.post(_url(provider, "begeleiders/toevoegen/"), {"begeleider-email": ""})

    assert "Vul het e-mailadres van je collega in." in response.content.decode()


def test_owner_removes_a_begeleider_after_confirming(client, begeleider, provider):
    colleague = _begeleider("chris@example.nl", "Chris Collega")
    member = provider.members.create(user=colleague)
    client.force_login(begeleider)

    page = client.get(_url(provider, f"begeleiders/{member.pk}/verwijderen/")).content.decode()
    assert "Chris Collega verwijderen bij Praktijk Licht?" in page
    assert "Ja, verwijderen" in page
    assert provider.members.filter(pk=member.pk).exists()  # looking is not removing

    response = client.post(_url(provider, f"begeleiders/{member.pk}/verwijderen/"), follow=True)

    assert "Chris Collega werkt niet meer voor Praktijk Licht." in response.content.decode()
    assert not provider.members.filter(pk=member.pk).exists()
    assert [m.to for m in mail.outbox] == [["chris@example.nl"]]
    assert "Bea Begeleider heeft je verwijderd als begeleider van Praktijk Licht." in mail.outbox[0].body
    assert AuditEntry.objects.get(action="provider.member_removed").data == {"user": colleague.pk}


def test_the_last_owner_cannot_be_removed(client, begeleider, provider):
    member = provider.members.get()
    client.force_login(begeleider)

    page = client.get(_url(provider, f"begeleiders/{member.pk}/verwijderen/")).content.decode()
    assert "is de enige die Praktijk Licht beheert en kan daarom niet weg" in page
    assert "Ja, verwijderen" not in page
    assert "verwijderen</a>" not in client.get(_url(provider)).content.decode()  # no link to it either

    response = client.post(_url(provider, f"begeleiders/{member.pk}/verwijderen/"), follow=True)

    assert "Bea Begeleider is de enige die Praktijk Licht beheert" in response.content.decode()
    assert provider.members.filter(pk=member.pk, is_owner=True).exists()
    assert not mail.outbox


def test_an_owner_may_leave_when_another_owner_stays(client, begeleider, provider):
    provider.members.create(user=_begeleider("chris@example.nl", "Chris Collega"), is_owner=True)
    member = provider.members.get(user=begeleider)
    client.force_login(begeleider)

    response = client.post(_url(provider, f"begeleiders/{member.pk}/verwijderen/"), follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Je werkt niet meer voor Praktijk Licht." in response.content.decode()
    assert list(provider.members.values_list("user__email", flat=True)) == ["chris@example.nl"]
    assert not mail.outbox  # she did it herself
    assert client.get(_url(provider)).status_code == 404


def test_a_member_of_another_provider_is_not_found_under_this_one(client, begeleider, provider):
    stranger = ProviderFactory(name="Praktijk Anders").members.create(user=_begeleider("x@example.nl", "X"))
    client.force_login(begeleider)

    assert client.get(_url(provider, f"begeleiders/{stranger.pk}/verwijderen/")).status_code == 404
    assert client.post(_url(provider, f"begeleiders/{stranger.pk}/verwijderen/")).status_code == 404
    assert ProviderMember.objects.filter(pk=stranger.pk).exists()


def test_provider_count_is_unchanged_by_the_pages(client, begeleider, provider, profile_data):
    client.force_login(begeleider)
    client.post(_url(provider), profile_data)

    assert Provider.objects.count() == 1
