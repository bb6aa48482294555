"""In a real browser: a participant writes a reflection and an evaluation after a meeting; the
begeleider reads the shared reflection and the evaluation trend. Screenshots go to
tests/e2e/screenshots/reflectie-*.png; axe-core checks every page at laptop and phone size."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from intervisie.groups.enums import MembershipState
from intervisie.reflections import domain
from tests.e2e import conftest as e2e
from tests.e2e.browser import check_at_viewports
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e

base_url = e2e.base_url
browser_context_args = e2e.browser_context_args
browser_problems = e2e.browser_problems
browser_type_launch_args = e2e.browser_type_launch_args
new_context = e2e.new_context


def _logged_in_page(new_context, live_server, user):
    client = Client()
    client.force_login(user)
    context = new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def test_reflection_and_evaluation_in_browser(
    live_server, new_context, member, danielle, eva, begeleider, meeting, guided_group
):
    # Five answers in all (with Bob's below): the platform's anonymity floor for averages.
    extra = []
    for name in ("Fleur Visser", "Gijs Kok"):
        person = UserFactory(name=name)
        MembershipFactory(user=person, group=guided_group, state=MembershipState.MEMBER)
        extra.append(person)
    for user, score in ((danielle, 3), (eva, 4), (extra[0], 4), (extra[1], 4)):
        domain.evaluation_save(
            meeting=meeting, user=user, how_it_went=score, method_rating=score, still_bothers="", will_do=""
        )

    page = _logged_in_page(new_context, live_server, member)
    page.goto(f"/reflectie/bijeenkomst/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reflectie op Intervisie oktober")
    check_at_viewports(page, "reflectie-01-form")

    page.get_by_label("Methoden en technieken").fill("Ik stelde open vragen.")
    page.get_by_label("Normen en waarden").fill("Het kind staat voorop.")
    page.get_by_label("Persoonlijk: denken, voelen, willen").fill(
        "Ik werd onrustig en wil dat eerder merken."
    )
    page.get_by_label("Delen met de begeleider").check()
    page.get_by_role("button", name="Reflectie bewaren").click()
    expect(page.get_by_text("Je reflectie is bewaard en gedeeld met de begeleider.")).to_be_visible()

    # A wrong answer: no score chosen. The typed text stays.
    page.get_by_label("Wat ga je doen?").fill("Bellen met de school.")
    page.get_by_role("button", name="Evaluatie bewaren").click()
    expect(page.get_by_text("Kies een cijfer van 1 tot en met 5.").first).to_be_visible()
    expect(page.get_by_label("Wat ga je doen?")).to_have_value("Bellen met de school.")
    check_at_viewports(page, "reflectie-02-evaluation-error")
    page.get_by_role("group", name="Hoe ging de bijeenkomst? (1 = slecht, 5 = heel goed)").get_by_label(
        "5"
    ).check()
    page.get_by_role("group", name="Hoe vond je de methode? (1 = slecht, 5 = heel goed)").get_by_label(
        "2"
    ).check()
    page.get_by_role("button", name="Evaluatie bewaren").click()
    expect(page.get_by_text("Dank je wel. Je evaluatie is bewaard.")).to_be_visible()

    page.goto("/reflectie/mijn/")
    expect(page.get_by_role("link", name="Reflectieverslag downloaden (pdf)")).to_be_visible()
    check_at_viewports(page, "reflectie-03-mine")

    lead = _logged_in_page(new_context, live_server, begeleider)
    lead.goto(f"/reflectie/groep/{guided_group.slug}/gedeeld/")
    expect(lead.get_by_text("Ik werd onrustig en wil dat eerder merken.")).to_be_visible()
    check_at_viewports(lead, "reflectie-04-shared")
    lead.goto(f"/reflectie/groep/{guided_group.slug}/evaluaties/")
    expect(lead.get_by_role("cell", name="5", exact=True)).to_be_visible()
    expect(lead.locator("td").filter(has_text="4,0")).to_be_visible()
    check_at_viewports(lead, "reflectie-05-trend")
