"""The public way in (issue 12, step 1): the list of providers, the request form and the client's
follow page."""

import pytest
from django.core import mail

from intervisie.groups.models import Method
from intervisie.trajectories.enums import TrajectoryState
from intervisie.trajectories.models import Trajectory
from intervisie.trajectories.views import REQUEST_RATE_LIMIT
from tests.factories import ProviderFactory, TrajectoryFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "organisation_name": "Gezinshuizen De Linde",
    "contact_name": "Noor de Vries",
    "contact_function": "Teamleider",
    "contact_email": "noor@linde.example.nl",
    "contact_phone": "030-1234567",
    "kind": "new_group",
    "expected_participants": "6",
    "question": "We willen een begeleide groep voor onze gezinshuisouders.",
    "wishes": "Liefst op dinsdagavond.",
    "preferred_period": "Na de zomer",
    "location_preference": "on_site",
    "place": "Utrecht",
}


@pytest.fixture
def provider(db):
    return ProviderFactory(name="Praktijk Licht", regions=["UT"], registers=["LVSC"], online=True)


def test_list_shows_published_providers_and_filters_them(client, provider):
    ProviderFactory(name="Bureau Noord", regions=["GR"], registers=["NVO"], online=False)
    ProviderFactory(name="Verborgen praktijk", is_published=False)
    html = client.get("/trajecten/").content.decode()
    assert "Praktijk Licht" in html and "Bureau Noord" in html and "Verborgen praktijk" not in html
    assert "2 aanbieders" in html
    utrecht = client.get("/trajecten/", {"regio": "UT"}).content.decode()
    assert "Praktijk Licht" in utrecht and "Bureau Noord" not in utrecht
    nvo = client.get("/trajecten/", {"register": "NVO"}).content.decode()
    assert "Bureau Noord" in nvo and "Praktijk Licht" not in nvo
    online = client.get("/trajecten/", {"online": "on"}).content.decode()
    assert "Praktijk Licht" in online and "Bureau Noord" not in online


def test_list_filters_by_method(client, provider):
    method = Method.objects.in_library().first()
    provider.methods.add(method)
    ProviderFactory(name="Bureau Noord")
    html = client.get("/trajecten/", {"methode": method.pk}).content.decode()
    assert "Praktijk Licht" in html and "Bureau Noord" not in html


def test_request_for_a_provider_saves_mails_and_shows_the_follow_page(client, provider):
    response = client.post(f"/trajecten/{provider.slug}/aanvragen/", GOOD)
    trajectory = Trajectory.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/trajecten/volg/{trajectory.follow_token}/"
    assert trajectory.provider == provider and trajectory.state == TrajectoryState.REQUESTED
    assert trajectory.place == "Utrecht" and trajectory.expected_participants == 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted([provider.email, "noor@linde.example.nl"])
    page = client.get(response["Location"]).content.decode()
    assert "Aangevraagd" in page and "Praktijk Licht" in page


def test_request_without_provider_in_the_address_lets_the_client_choose(client, provider):
    response = client.post("/trajecten/aanvragen/", {**GOOD, "provider": provider.pk})
    assert response.status_code == 302
    assert Trajectory.objects.get().provider == provider


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation_name", "", "Vul de naam van je organisatie in."),
        ("contact_email", "noor-at-linde", "Vul een geldig e-mailadres in"),
        ("contact_phone", "12345", "minstens 10 cijfers"),
        ("contact_phone", "bel me maar 0301234567", "minstens 10 cijfers"),
        ("expected_participants", "zes", "Vul een heel getal in"),
        ("expected_participants", "1", "minstens 2 deelnemers"),
        ("expected_participants", "31", "meerdere aanvragen"),
        ("question", "", "Beschrijf kort je vraag."),
        ("question", "x" * 4001, "maximaal 4000 tekens"),
        ("place", "", "Vul de plaats in"),
        ("kind", "", "Kies wat je zoekt."),
    ],
)
def test_bad_input_gets_a_dutch_message_at_the_field_and_keeps_what_was_typed(
    client, provider, field, value, message
):
    response = client.post(f"/trajecten/{provider.slug}/aanvragen/", {**GOOD, field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert not Trajectory.objects.exists() and mail.outbox == []
    # What was typed in the other fields is still there.
    assert 'value="Noor de Vries"' in html and "Liefst op dinsdagavond." in html


def test_honeypot_saves_and_sends_nothing(client, provider):
    response = client.post(f"/trajecten/{provider.slug}/aanvragen/", {**GOOD, "website_adres": "http://spam"})
    assert response.status_code == 302 and response["Location"] == "/trajecten/aanvragen/verstuurd/"
    assert not Trajectory.objects.exists() and mail.outbox == []


def test_rate_limit_per_address_keeps_the_form(client, provider):
    for _ in range(REQUEST_RATE_LIMIT):
        assert client.post(f"/trajecten/{provider.slug}/aanvragen/", GOOD).status_code == 302
    response = client.post(f"/trajecten/{provider.slug}/aanvragen/", GOOD)
    assert response.status_code == 200
    assert "al veel aanvragen gedaan" in response.content.decode()
    assert 'value="Noor de Vries"' in response.content.decode()
    assert Trajectory.objects.count() == REQUEST_RATE_LIMIT


def test_unpublished_or_unknown_provider_is_not_found(client):
    hidden = ProviderFactory(is_published=False)
    assert client.get(f"/trajecten/{hidden.slug}/aanvragen/").status_code == 404
    assert client.get("/trajecten/bestaat-niet/aanvragen/").status_code == 404


def test_follow_page_hides_the_providers_notes_and_needs_the_right_token(client):
    trajectory = TrajectoryFactory(
        state=TrajectoryState.TALK_DECLINED, talk_notes="Intern: budget onduidelijk", decline_reason="Vol."
    )
    html = client.get(f"/trajecten/volg/{trajectory.follow_token}/").content.decode()
    assert "Afgewezen na het gesprek" in html and "Vol." in html
    assert "Intern" not in html
    assert client.get("/trajecten/volg/niet-het-goede-token/").status_code == 404
