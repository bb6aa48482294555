"""The reflectieverslag prints every name as it is written (the evidence PDFs' Unicode font)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from intervisie.reflections import domain
from tests.factories import MembershipFactory, UserFactory

NAMES = ["Şükrü Yılmaz-Đorđević", "Ольга Смирнова", "Γιώργος Παπαδόπουλος", "ليلى حسن"]


@pytest.mark.parametrize("name", NAMES)
def test_report_pdf_prints_the_name_exactly(client, guided_group, meeting, name):
    person = UserFactory(name=name)
    MembershipFactory(user=person, group=guided_group)
    domain.reflection_save(
        meeting=meeting,
        user=person,
        shared_with_begeleider=False,
        methods_text="Ik vroeg door: “wat zie je?”",
        values_text="Wat weegt zwaarder – rust of contact?",
        personal_text="Ik werd onrustig…",
    )
    client.force_login(person)
    response = client.get(reverse("reflections:report_pdf", args=[guided_group.slug]))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert f"Deelnemer {name}" in text
    assert "Ik vroeg door: “wat zie je?”" in text
    assert "Wat weegt zwaarder – rust of contact?" in text
