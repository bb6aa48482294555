"""The directory's register filter and the group page's register reasons, in a real browser."""

import importlib

import pytest
from playwright.sync_api import expect

from intervisie.accreditation.models import Register
from intervisie.groups.enums import Frequency
from tests.e2e.browser import check_at_viewports
from tests.factories import GroupFactory, OrganisationFactory, register

FACTS = importlib.import_module(
    "intervisie.accreditation.migrations.0004_statement_code_register_facts"
).FACTS


@pytest.fixture
def registers(live_server):
    """The seeded registers with their facts (a live-server test starts with empty tables)."""
    for code, facts in FACTS.items():
        register(code)
        Register.objects.filter(code=code).update(**facts)


@pytest.fixture
def groups(registers):
    organisation = OrganisationFactory(name="Gezinshuis Netwerk Midden")
    return {
        "fits": GroupFactory(
            name="Intervisie Utrecht Oost",
            organisation=organisation,
            begeleider_name="Marieke de Boer",
            begeleider_register="LVSC",
            for_skj=True,
        ),
        "claims": GroupFactory(
            name="Kwartaalgroep Amersfoort",
            organisation=organisation,
            frequency=Frequency.QUARTERLY,
            meeting_minutes=90,
            has_begeleider=False,
            for_skj=True,
            for_registerplein=True,
        ),
    }


def test_register_filter_and_reasons_on_the_group_page(page, groups):
    page.goto("/groepen/?register=skj")
    results = page.locator(".result-list")
    expect(results.get_by_role("heading", level=2)).to_have_text(["Intervisie Utrecht Oost"])
    expect(results.locator(".tag")).to_have_text(
        ["Past bij de regels van Registerplein", "Past bij de regels van SKJ"]
    )
    check_at_viewports(page, "register-fit-01-search")

    page.goto(groups["claims"].get_absolute_url())
    expect(page.get_by_text("De groep geeft zelf aan: past bij SKJ en Registerplein.")).to_be_visible()
    section = page.locator("section.register-fit")
    expect(section.get_by_role("heading", level=3)).to_have_text(
        [
            "Registerplein – Register Gezinshuisouders: past",
            "SKJ – jeugd- en gezinsprofessional: past niet",
            "SKJ – jeugdzorgwerker: past niet",
        ]
    )
    expect(
        section.get_by_text("De groep komt vier keer per jaar samen, 1,5 uur per keer: 6 uur per jaar.").first
    ).to_be_visible()
    check_at_viewports(page, "register-fit-02-group-page")
