"""The directory offers the method library's methods: the search filter and the group form
(directory/filters.py uses ``methods.selectors.directory_methods``; groups/group_forms.py, below the
methods app, the same list through ``Method.objects.in_library()``).

These tests sit with the methods because the one list is the library's; the directory's other
filters and fields are tested in tests/directory and tests/groups.
"""

import re

import pytest

from intervisie.groups.group_forms import GroupForm
from intervisie.methods.models import MethodTemplate
from tests.factories import GroupFactory, MethodFactory
from tests.groups.test_group_forms import valid_data

pytestmark = pytest.mark.django_db

SEARCH = "/groepen/"


@pytest.fixture
def orphan():
    """A directory entry from before the one list, not in the library, still used by one group."""
    method = MethodFactory(name="Vraag-en-antwoordspel", slug="vraag-en-antwoordspel")
    return GroupFactory(name="Oude groep", methods=[method]), method


def _library():
    return MethodTemplate.objects.filter(group=None).select_related("tag").order_by("name")


def test_search_filter_offers_exactly_the_librarys_methods(client, orphan):
    html = client.get(SEARCH).content.decode()
    offered = re.findall(r'<input type="checkbox" name="method" value="([^"]+)"', html)
    assert offered == [m.tag.slug for m in _library()]
    for method in _library():
        assert f">{method.name}</label>" in html
    assert "Vraag-en-antwoordspel</label>" not in html


def test_search_filter_finds_groups_by_a_library_method(client, orphan):
    six = MethodTemplate.objects.get(group=None, slug="zes-fasen")
    GroupFactory(name="Zes fasen Utrecht", methods=[six.tag])
    response = client.get(SEARCH, {"method": six.tag.slug})
    assert [g.name for g in response.context["groups"]] == ["Zes fasen Utrecht"]
    # A method outside the library is no longer a choice: a clear message at the field.
    response = client.get(SEARCH, {"method": "vraag-en-antwoordspel"})
    assert "Selecteer een geldige keuze" in " ".join(response.context["form"].errors["method"])


def test_group_form_offers_the_librarys_methods(organisation, orphan):
    form = GroupForm(organisation=organisation)
    assert [label for _value, label in form.fields["methods"].choices] == [m.name for m in _library()]
    form = GroupForm(data=valid_data(methods=["vraag-en-antwoordspel"]), organisation=organisation)
    assert form.errors["methods"] == ["Onbekende methode: vraag-en-antwoordspel."]
    form = GroupForm(data=valid_data(methods=["zes-fasen", "incidentmethode"]), organisation=organisation)
    assert form.is_valid(), form.errors


def test_group_form_keeps_a_groups_earlier_method(organisation, alice, orphan):
    group, method = orphan
    group.organisation = organisation
    group.save(update_fields=["organisation"])
    form = GroupForm(instance=group, organisation=organisation)
    labels = [label for _value, label in form.fields["methods"].choices]
    assert labels == sorted([*(m.name for m in _library()), "Vraag-en-antwoordspel"])
    assert form["methods"].value() == [method.slug]
    data = valid_data(name=group.name, methods=["vraag-en-antwoordspel", "zes-fasen"])
    form = GroupForm(data=data, instance=group, organisation=organisation)
    assert form.is_valid(), form.errors
    form.save_group(by=alice)
    assert sorted(group.methods.values_list("slug", flat=True)) == ["vraag-en-antwoordspel", "zes-fasen"]
