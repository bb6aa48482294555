"""The client's own page and the dashboard: their requests with where each stands and the quote; a
participant sees the trajectory they take part in with the reader (issue 12, overviews)."""

import pytest

from intervisie.groups.enums import MembershipState
from intervisie.trajectories.domain import quote_link
from intervisie.trajectories.enums import TrajectoryState
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    ProviderFactory,
    TrajectoryFactory,
    UserFactory,
    give_totp,
    sent_quote_for,
)

pytestmark = pytest.mark.django_db
S = TrajectoryState


def test_the_client_sees_their_requests_and_their_organisations_with_the_quote(client):
    joris = UserFactory(name="Joris Hendriks", roles=["opdrachtgever"])
    give_totp(joris)  # a manager of an organisation logs in with a second factor
    organisation = OrganisationFactory(name="Gezinshuizen Het Anker", managers=[joris])
    own = TrajectoryFactory(client_user=joris, organisation_name="Gezinshuizen Het Anker", state=S.QUOTE_SENT)
    quote = sent_quote_for(own)
    TrajectoryFactory(client_organisation=organisation, organisation_name="Het Anker Noord")
    TrajectoryFactory(organisation_name="Iemand anders")
    client.force_login(joris)
    page = client.get("/trajecten/mijn/").content.decode()
    assert "Gezinshuizen Het Anker" in page and "Het Anker Noord" in page and "Iemand anders" not in page
    assert quote_link(quote) in page and "Offerte verstuurd" in page
    assert f"/trajecten/volg/{own.follow_token}/" in page
    home = client.get("/").content.decode()
    assert "Je hebt 2 aanvragen voor begeleide intervisie gedaan." in home


def test_someone_without_requests_gets_a_friendly_empty_page(client):
    client.force_login(UserFactory())
    page = client.get("/trajecten/mijn/").content.decode()
    assert "Je hebt nog geen begeleide intervisie aangevraagd." in page
    assert client.get("/trajecten/mijn/?pagina=abc").status_code == 200


def test_a_participant_sees_the_running_trajectory_on_the_dashboard_with_the_reader(client):
    group = GroupFactory()
    sanne = UserFactory(name="Sanne de Wit")
    MembershipFactory(user=sanne, group=group)
    provider = ProviderFactory(name="Praktijk Licht")
    running = TrajectoryFactory(provider=provider, group=group, state=S.RUNNING)
    client.force_login(sanne)
    home = client.get("/").content.decode()
    assert "Je doet mee aan een begeleid traject met Praktijk Licht." in home
    assert f"/trajecten/traject/{running.pk}/reader/" in home
    # Someone still asking to join does not (yet).
    asking = UserFactory()
    MembershipFactory(user=asking, group=group, state=MembershipState.REQUESTED)
    client.force_login(asking)
    assert "begeleid traject" not in client.get("/").content.decode()


def test_the_follow_page_lists_the_invoices_with_their_pdf(client):
    from tests.factories import invoice_for

    trajectory = TrajectoryFactory(state=S.RUNNING)
    sent_quote_for(trajectory)
    invoice = invoice_for(trajectory)
    page = client.get(f"/trajecten/volg/{trajectory.follow_token}/").content.decode()
    assert f"/trajecten/volg/{trajectory.follow_token}/factuur/{invoice.pk}/pdf/" in page
    assert invoice.code in page and "€ 300,00" in page
    assert "De bijeenkomsten" not in page  # no group yet: no dates to show
    response = client.get(f"/trajecten/volg/{trajectory.follow_token}/factuur/{invoice.pk}/pdf/")
    assert response.content.startswith(b"%PDF")
