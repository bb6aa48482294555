"""One list of methods: the directory offers the library's methods (``directory_methods``), kept in
step by ``methods.domain.link_tags`` and migration 0003; ``method_for_tag`` turns a planned method
into the one a group runs."""

import importlib

import pytest
from django.apps import apps

from intervisie.groups.models import Method
from intervisie.methods.domain import TAG_SLUGS, link_tags, method_copy
from intervisie.methods.models import MethodTemplate
from intervisie.methods.selectors import directory_methods, method_for_tag
from tests.factories import GroupFactory, MethodFactory, UserFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("intervisie.methods.migrations.0003_library_tags")


def _library_names():
    return sorted(MethodTemplate.objects.filter(group=None).values_list("name", flat=True))


@pytest.fixture
def before_one_list():
    """A database as it was before the directory followed the library (like the demo's): directory
    rows under their own names, one that matches a library method only by name, one the library does
    not have (used by a group), and a group's copy made while its original had no entry yet."""
    MethodTemplate.objects.filter(group=None).update(tag=None)
    Method.objects.all().delete()
    rows = {
        "zes": MethodFactory(name="Intervisie in zes fasen (Balint-afgeleid)", slug="zes-fasen"),
        "bubbel": MethodFactory(
            name='Tienstappenmethode "buiten je bubbel"', slug=TAG_SLUGS["buiten-je-bubbel"]
        ),
        "balint": MethodFactory(name="Balintmethode", slug="balint"),
        "orphan": MethodFactory(name="Vraag-en-antwoordspel", slug="vraag-en-antwoordspel"),
    }
    group = GroupFactory(methods=[rows["zes"], rows["orphan"]])
    roddel = MethodTemplate.objects.get(group=None, slug="roddelmethode")
    copy = method_copy(method=roddel, group=group, by=UserFactory())
    return {**rows, "group": group, "copy": copy}


def _assert_one_list(rows):
    library = {m.slug: m for m in MethodTemplate.objects.filter(group=None).select_related("tag")}
    assert all(m.tag is not None and m.tag.name == m.name for m in library.values())
    # Rows that were there are kept (groups point at them) and renamed after the library.
    assert library["zes-fasen"].tag == rows["zes"]
    assert library["buiten-je-bubbel"].tag == rows["bubbel"]
    assert library["balintmethode"].tag == rows["balint"]  # found by name
    assert Method.objects.get(pk=rows["bubbel"].pk).name == "Buiten je bubbel: de tienstappenmethode"
    # Missing rows are made, with a short summary in whole sentences.
    assert library["tienstappenmethode"].tag.slug == "tienstappenmethode"
    assert library["roddelmethode"].tag.summary.endswith(".")
    # The group keeps what it chose; its copy of the roddelmethode now has the entry too.
    assert list(rows["group"].methods.order_by("name")) == [library["zes-fasen"].tag, rows["orphan"]]
    assert MethodTemplate.objects.get(pk=rows["copy"].pk).tag == library["roddelmethode"].tag
    # The directory offers exactly the library's methods, not the one the library does not have.
    assert [m.name for m in directory_methods()] == _library_names()


def test_link_tags_makes_the_directory_the_librarys_list(before_one_list):
    assert link_tags() > 0
    _assert_one_list(before_one_list)
    assert link_tags() == 0  # idempotent: the demo loader calls it on every load


def test_migration_0003_makes_the_directory_the_librarys_list(before_one_list):
    MIGRATION.link_library_tags(apps, None)
    _assert_one_list(before_one_list)


def test_link_tags_keeps_a_name_another_entry_already_has():
    # Someone made an entry with the library's name by hand: the library method's own entry keeps its
    # old name rather than breaking the unique name (and link_tags does not fail).
    incident = MethodTemplate.objects.get(group=None, slug="incidentmethode")
    Method.objects.filter(pk=incident.tag_id).update(name="Incidentmethode (oud)")
    MethodFactory(name="Incidentmethode", slug="incident-kopie")
    assert link_tags() == 0
    assert Method.objects.get(pk=incident.tag_id).name == "Incidentmethode (oud)"


def test_method_for_tag_prefers_the_groups_copy_then_the_library():
    group, other = GroupFactory(), GroupFactory()
    six = MethodTemplate.objects.get(group=None, slug="zes-fasen")
    by = UserFactory()
    assert method_for_tag(tag_id=six.tag_id, group=group) == six
    method_copy(method=six, group=other, by=by)
    assert method_for_tag(tag_id=six.tag_id, group=group) == six  # not another group's copy
    first = method_copy(method=six, group=group, by=by)
    assert method_for_tag(tag_id=six.tag_id, group=group) == first
    assert method_for_tag(tag_id=None, group=group) is None
    assert method_for_tag(tag_id=MethodFactory(name="Zonder stappen").pk, group=group) is None
