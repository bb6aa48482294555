"""The organiser's pages of a themed event on a small phone (360 px wide): long e-mail addresses,
names and organisations wrap inside the registration cards instead of pushing the page sideways.

Screenshots go to tests/e2e/screenshots/events-manage-360-*.png.
"""

import pytest
from playwright.sync_api import expect

from intervisie.events.enums import RegistrationKind, RegistrationStatus
from intervisie.events.models import CoachInvite
from tests.e2e.browser import assert_accessible, log_in, screenshot
from tests.factories import PASSWORD, EventFactory, RegistrationFactory, UserFactory

SMALL_PHONE = {"width": 360, "height": 740}
LONG_EMAIL = "marie-louise.van-der-hoeven-tjiptobroto@gezinshuis-de-zonnebloem-utrecht-noord.example.nl"


@pytest.fixture
def event(live_server):
    organiser = UserFactory(email="fatma@example.nl", name="Fatma Organisator", roles=["organisator"])
    event = EventFactory(title="Hechting en loyaliteit in het gezinshuis", organisers=[organiser])
    RegistrationFactory(
        event=event,
        user=UserFactory(email=LONG_EMAIL, name="Marie-Louise van der Hoeven-Tjiptobroto"),
        organisation_other="Stichting Gezinshuizen Samenwerkingsverband Utrecht-Noord en Omstreken",
        gezinshuis="Gezinshuis De Zonnebloemenweidevlindertuin",
        preferences="Graag in een groep met Annemarie.Verschuren-Hadjidakis@jeugdhulp-regio-zuidoost.example.nl",
    )
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLIST)
    RegistrationFactory(
        event=event,
        kind=RegistrationKind.COACH,
        role="",
        user=UserFactory(email="coach.met.een.heel.lang.adres@begeleidingsbureau-intervisie.example.nl"),
        organisation_other="Begeleidingsbureau voor Intervisie en Supervisie Midden-Nederland",
    )
    CoachInvite.objects.create(
        event=event, email="uitgenodigde.coach.zonder.antwoord@supervisiepraktijk-oost.example.nl"
    )
    event.organiser = organiser
    return event


def test_event_manage_page_fits_a_360px_phone_with_long_email_addresses(new_context, event):
    page = new_context().new_page()
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, event.organiser, PASSWORD)

    for name, path in [
        ("manage", f"/evenementen/{event.slug}/beheer/"),
        ("composition", f"/evenementen/{event.slug}/indeling/"),
        ("attendance", f"/evenementen/{event.slug}/aanwezigheid/"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(event.title)
        screenshot(page, f"events-manage-360-{name}")
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll_width <= SMALL_PHONE["width"], f"{path} is {scroll_width}px wide on a 360px screen"
        assert_accessible(page, f"events-manage-360-{name}")

    # The long address is on the page in full (wrapped, not cut off).
    page.goto(f"/evenementen/{event.slug}/beheer/")
    expect(page.get_by_text(LONG_EMAIL)).to_be_visible()
