"""The library seeded by the data migration ``methods/0002_seed_library``."""

import pytest

from intervisie.methods.domain import TAG_SLUGS
from intervisie.methods.models import MethodTemplate, Speaker

pytestmark = pytest.mark.django_db

REQUIRED = [
    "zes-fasen",
    "buiten-je-bubbel",
    "incidentmethode",
    "balintmethode",
    "roddelmethode",
    "vijfstappenmethode",
    "probleemoplossende-methode",
]


def _steps(slug):
    return list(MethodTemplate.objects.get(group=None, slug=slug).steps.order_by("position"))


def test_library_has_the_required_methods():
    slugs = set(MethodTemplate.objects.filter(group=None).values_list("slug", flat=True))
    assert set(REQUIRED) <= slugs
    assert len(slugs) >= 7


def test_library_steps_are_numbered_in_order_with_positive_minutes_and_texts():
    for method in MethodTemplate.objects.filter(group=None).prefetch_related("steps"):
        steps = list(method.steps.all())
        assert [s.position for s in steps] == list(range(1, len(steps) + 1)), method.slug
        for s in steps:
            assert 1 <= s.minutes <= 120, (method.slug, s.name)
            assert s.name and s.instruction, (method.slug, s.position)
            assert s.speaker in Speaker.values
            # shares_answers only means something for silent writing
            assert not s.shares_answers or s.speaker == Speaker.SILENT_WRITING, (method.slug, s.name)


def test_library_step_counts_and_total_times_match_the_method_facts():
    expected = {
        # slug: (number of steps, lowest total, highest total) from METHODS.md
        "zes-fasen": (6, 90, 120),
        "buiten-je-bubbel": (11, 110, 130),
        "incidentmethode": (10, 60, 70),
        "balintmethode": (11, 60, 120),
        "roddelmethode": (5, 45, 60),
        "vijfstappenmethode": (5, 55, 65),
        "probleemoplossende-methode": (6, 60, 90),
    }
    for slug, (count, low, high) in expected.items():
        method = MethodTemplate.objects.get(group=None, slug=slug)
        assert method.steps.count() == count, slug
        assert low <= method.total_minutes <= high, (slug, method.total_minutes)


def test_library_roddelmethode_bringer_only_listens_in_the_gossip_step():
    steps = _steps("roddelmethode")
    listening = [s.name for s in steps if s.bringer_listens_only]
    assert listening == ["Roddelen"]
    assert "luistert alleen" in steps[2].instruction


def test_library_buiten_je_bubbel_has_steps_0_to_10_with_silent_writing():
    method = MethodTemplate.objects.get(group=None, slug="buiten-je-bubbel")
    steps = _steps("buiten-je-bubbel")
    assert method.has_look_back is True
    assert [s.name.split(":")[0] for s in steps] == [f"Stap {n}" for n in range(11)]
    assert "terugblik" in steps[0].name.lower()
    silent = {s.name: s.shares_answers for s in steps if s.speaker == Speaker.SILENT_WRITING}
    # Step 3: questions are asked aloud in step 4, not read out; step 5: perceptions are read out.
    assert silent == {"Stap 3: Vragen opschrijven": False, "Stap 5: Wat zie jij?": True}
    assert not any(s.bringer_listens_only for s in steps)
    for variation in ("associaties", "tekening", "samenwerkingsrelaties"):
        assert variation in method.summary


def test_library_zes_fasen_ends_with_the_look_back_at_the_next_meeting():
    method = MethodTemplate.objects.get(group=None, slug="zes-fasen")
    steps = _steps("zes-fasen")
    assert method.has_look_back is True
    assert [s.name for s in steps][:5] == [
        "Voorbereiden",
        "Verkennen",
        "Kern van de vraag",
        "Nieuwe werkwijze",
        "Opbrengsten delen",
    ]
    assert steps[-1].name == "Terugblik (volgende bijeenkomst)"
    assert "begin van de volgende bijeenkomst" in steps[-1].instruction


def test_library_balint_bringer_is_silent_while_the_group_judges():
    steps = _steps("balintmethode")
    assert [s.position for s in steps if s.bringer_listens_only] == [9]
    assert [s.position for s in steps if s.speaker == Speaker.SILENT_WRITING] == [6, 8]


def test_every_library_method_has_its_directory_entry_with_its_name():
    # Migration 0003 made the directory's methods the library's: one list.
    for method in MethodTemplate.objects.filter(group=None).select_related("tag"):
        assert method.tag is not None, method.slug
        assert method.tag.name == method.name
        assert method.tag.slug == TAG_SLUGS.get(method.slug, method.slug)
        # The directory's summary holds 300 characters: whole sentences of the library's summary.
        assert len(method.tag.summary) <= 300 and method.tag.summary.endswith("."), method.slug
        assert method.summary.startswith(method.tag.summary.removesuffix("."))
