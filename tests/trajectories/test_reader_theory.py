"""The built-in reader on intervision theory (seed 001): its four parts, a table of contents that points at
them, a description of every method in the library, and links that all open for a participant."""

import re

import pytest
from django.template.loader import render_to_string

from intervisie.methods.models import MethodTemplate

pytestmark = pytest.mark.django_db

PARTS = {
    "lezer-opbouw": "1. Wat intervisie is en hoe een bijeenkomst verloopt",
    "lezer-voorwaarden": "2. Voorwaarden voor goede intervisie",
    "lezer-methodes": "3. De methodes",
    "lezer-vaardigheden": "4. Vaardigheden: vragen stellen, luisteren en feedback",
}


@pytest.fixture
def reader():
    return render_to_string("trajectories/_reader_theory.html")


def _links(html):
    return re.findall(r'href="([^"]+)"', html)


def test_reader_has_the_four_parts_of_seed_001_as_h2_with_ids(reader):
    headings = dict(re.findall(r'<h2 id="(lezer-[a-z-]+)">([^<]+)</h2>', reader))

    assert {key: headings.get(key) for key in PARTS} == PARTS
    assert "<h1" not in reader  # the page that includes it has the h1


def test_reader_table_of_contents_points_at_each_part(reader):
    toc = reader.split('<nav class="reader-toc"', 1)[1].split("</nav>", 1)[0]

    assert _links(toc) == [f"#{key}" for key in PARTS]
    for link in _links(reader):
        if link.startswith("#"):
            assert f'id="{link[1:]}"' in reader


def test_reader_describes_every_method_of_the_library(reader):
    linked = {m.group(1) for m in re.finditer(r'href="/methodes/([a-z0-9-]+)/"', reader)}

    assert linked == set(MethodTemplate.objects.filter(group=None).values_list("slug", flat=True))


def test_reader_covers_the_skills_with_example_questions(reader):
    for skill in (
        "Explorerende vragen",
        "Reflecterende vragen",
        "Luisteren",
        "Feedback geven",
        "Feedback ontvangen",
    ):
        assert f">{skill}</h3>" in reader
    assert "Wat gebeurde er precies vlak voordat het misging?" in reader
    assert "Wat vind jij in deze situatie het belangrijkst?" in reader


def test_every_link_in_the_reader_opens_for_a_participant(client, member, reader):
    client.force_login(member)
    pages = [link for link in _links(reader) if not link.startswith("#")]

    assert len(pages) == 10  # the library and its nine methods
    names = dict(MethodTemplate.objects.filter(group=None).values_list("slug", "name"))
    for link in pages:
        response = client.get(link)
        assert response.status_code == 200, link
        slug = link.removeprefix("/methodes/").strip("/")
        heading = f"<h1>{names[slug]}</h1>" if slug else "<h1>"
        assert heading in response.content.decode(), link
