"""The case screens as a participant (bob), the begeleider (bea), the organisation manager (alice), a
platform admin, an outsider (charlie) and a participant of another group: only the first two see
anything; everyone else gets 404."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from intervisie.cases.models import Case
from intervisie.common.models import AuditEntry
from tests.factories import (
    SECRET_SITUATION,
    SECRET_TITLE,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
    make_case,
)

NOT_ALLOWED = ["alice", "platform_admin", "charlie", "other_member"]


def _text(response) -> str:
    return response.content.decode()


def _post_data(**overrides):
    data = {
        "title": "Boos aan tafel",
        "situation": "De oudste jongen gooide zijn bord op de grond.",
        "question": "Hoe blijf ik rustig?",
        "own_experience": "on",
        "still_current": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def case(group, member):
    return make_case(group=group, bringer=member)


# --- Confidentiality ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "begeleider"])
def test_case_detail_shows_text_to_the_circle(client, request, case, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    assert SECRET_TITLE in _text(response) and SECRET_SITUATION in _text(response)


@pytest.mark.parametrize("who", NOT_ALLOWED)
def test_case_detail_is_404_for_everyone_else(client, request, case, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 404
    assert SECRET_TITLE not in _text(response)


def test_case_detail_anonymous_must_log_in(client, case):
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["member", "begeleider"])
def test_group_cases_lists_titles_for_the_circle(client, request, group, case, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("cases:group_cases", args=[group.slug]))
    assert response.status_code == 200
    assert SECRET_TITLE in _text(response)
    assert "Bob de Vries" in _text(response)


@pytest.mark.parametrize("who", NOT_ALLOWED)
def test_group_cases_is_404_for_everyone_else(client, request, group, case, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cases:group_cases", args=[group.slug])).status_code == 404


@pytest.mark.parametrize("who", ["begeleider", *NOT_ALLOWED])
def test_case_create_is_404_for_non_participants(client, request, group, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cases:create", args=[group.slug])).status_code == 404
    assert client.post(reverse("cases:create", args=[group.slug]), _post_data()).status_code == 404
    assert not Case.objects.exists()


@pytest.mark.parametrize("who", ["begeleider", "alice", "charlie"])
def test_case_edit_is_404_for_anyone_but_the_bringer(client, request, case, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("cases:edit", args=[case.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _post_data(title="Gekaapt")).status_code == 404
    case.refresh_from_db()
    assert case.title == SECRET_TITLE


def test_case_edit_by_fellow_participant_is_404(client, group, case):
    fellow = UserFactory(email="dina@example.nl")
    MembershipFactory(user=fellow, group=group)
    client.force_login(fellow)
    assert client.get(reverse("cases:edit", args=[case.pk])).status_code == 404


# --- Group page: list, rotation, purged cases, query counts -------------------------------------------


def test_group_cases_shows_purged_case_without_text(client, group, member):
    make_case(group=group, bringer=member, title="", situation="", question="", text_purged_at=timezone.now())
    client.force_login(member)
    response = client.get(reverse("cases:group_cases", args=[group.slug]))
    assert "tekst verwijderd na de bewaartermijn" in _text(response)


def test_group_cases_suggests_next_and_shows_history_to_begeleider_only(client, group, member, begeleider):
    dina = UserFactory(email="dina@example.nl", name="Dina Deelnemer")
    MembershipFactory(user=dina, group=group)
    make_case(group=group, bringer=member, brought_on=date(2026, 3, 4))
    url = reverse("cases:group_cases", args=[group.slug])

    client.force_login(begeleider)
    text = _text(client.get(url))
    assert "Voorstel voor de volgende inbreng: <strong>Dina Deelnemer</strong>" in text
    assert "Wie bracht hoe vaak iets in" in text
    assert "4 maart 2026" in text

    client.force_login(member)
    text = _text(client.get(url))
    assert "Voorstel voor de volgende inbreng: <strong>Dina Deelnemer</strong>" in text
    assert "Wie bracht hoe vaak iets in" not in text
    assert "Nieuwe inbreng" in text


@pytest.mark.parametrize("count", [1, 3])
def test_group_cases_query_count(client, group, member, begeleider, django_assert_num_queries, count):
    for n in range(count):
        bringer = UserFactory()
        MembershipFactory(user=bringer, group=group)
        make_case(group=group, bringer=bringer, meeting=MeetingFactory(group=group), title=f"Casus {n}")
    client.force_login(begeleider)
    # Session, user, roles, TOTP (login middleware); group; rotation (history and memberships);
    # add_case; the navigation's two role checks; the case list. None per case (view_group_cases
    # needs no query for the group's begeleider).
    with django_assert_num_queries(11):
        response = client.get(reverse("cases:group_cases", args=[group.slug]))
    assert _text(response).count("Casus ") >= count


# --- Writing a case with the privacy screen ---------------------------------------------------------


def test_case_create_saves_and_redirects(client, group, member, begeleider):
    meeting = MeetingFactory(group=group)
    client.force_login(member)
    response = client.post(reverse("cases:create", args=[group.slug]), _post_data(meeting=meeting.pk))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    assert (case.title, case.meeting, case.own_experience, case.has_influence) == (
        "Boos aan tafel",
        meeting,
        True,
        False,
    )
    assert not case.privacy_acknowledged
    assert [m.to for m in mail.outbox] == [["bea@example.nl"]]
    assert "Boos aan tafel" not in mail.outbox[0].body


def test_case_create_form_preselects_meeting_from_link(client, group, member):
    meeting = MeetingFactory(group=group)
    client.force_login(member)
    response = client.get(reverse("cases:create", args=[group.slug]) + f"?bijeenkomst={meeting.pk}")
    assert f'<option value="{meeting.pk}" selected>' in _text(response)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Geef je casus een korte titel."),
        ({"situation": "   "}, "situation", "Beschrijf de situatie."),
        ({"title": "t" * 121}, "title", "Dit is te lang: hoogstens 120 tekens, je hebt er nu 121."),
        (
            {"situation": "s" * 4001},
            "situation",
            "Dit is te lang: hoogstens 4000 tekens, je hebt er nu 4001.",
        ),
        ({"question": "q" * 1001}, "question", "Dit is te lang: hoogstens 1000 tekens, je hebt er nu 1001."),
    ],
)
def test_case_create_bad_input_keeps_typed_text(client, group, member, overrides, field, message):
    client.force_login(member)
    data = _post_data(**overrides)
    response = client.post(reverse("cases:create", args=[group.slug]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    text = _text(response)
    for name in ("title", "situation", "question"):
        if data[name].strip():
            assert data[name] in text
    assert not Case.objects.exists()


def test_case_create_with_findings_reshows_form_with_findings(client, group, member):
    client.force_login(member)
    situation = "Jan de Vries belde op 0612345678 over zijn zoon."
    response = client.post(reverse("cases:create", args=[group.slug]), _post_data(situation=situation))
    assert response.status_code == 200
    assert not Case.objects.exists()
    text = _text(response)
    assert situation in text
    assert "Vervang door [naam]" in text and "Vervang door [telefoonnummer]" in text
    assert "Ik heb dit gezien en wil toch opslaan" in text
    groups = response.context["form"].finding_groups()
    assert [(g["name"], [i["text"] for i in g["items"]]) for g in groups] == [
        ("situation", ["Jan de Vries", "0612345678"])
    ]


def test_case_create_replace_button_anonymises_one_finding(client, group, member):
    client.force_login(member)
    situation = "Jan de Vries belde op 0612345678 over zijn zoon."
    url = reverse("cases:create", args=[group.slug])
    first = client.post(url, _post_data(situation=situation))
    key = first.context["form"].findings["situation"][1].key
    response = client.post(url, _post_data(situation=situation, replace=f"situation|{key}"))
    assert response.status_code == 200
    assert not Case.objects.exists()
    form = response.context["form"]
    assert form.data["situation"] == "Jan de Vries belde op [telefoonnummer] over zijn zoon."
    assert "Vervang door [telefoonnummer]" not in _text(response)
    assert "Vervang door [naam]" in _text(response)
    assert form.data["title"] == "Boos aan tafel"


def test_case_create_replace_with_stale_key_keeps_text(client, group, member):
    client.force_login(member)
    response = client.post(
        reverse("cases:create", args=[group.slug]), _post_data(replace="situation|phone:0:10")
    )
    assert response.context["form"].data["situation"] == "De oudste jongen gooide zijn bord op de grond."


def test_case_create_save_anyway_when_acknowledged(client, group, member):
    client.force_login(member)
    situation = "Jan de Vries belde me."
    response = client.post(
        reverse("cases:create", args=[group.slug]), _post_data(situation=situation, privacy_acknowledged="on")
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.situation == situation and case.privacy_acknowledged
    entry = AuditEntry.objects.get(action="case.create")
    assert "Jan de Vries" not in str(entry.data) + entry.object_repr


def test_case_edit_by_bringer_saves(client, group, member, case):
    client.force_login(member)
    url = reverse("cases:edit", args=[case.pk])
    assert SECRET_TITLE in _text(client.get(url))
    response = client.post(url, _post_data(title="Nieuwe titel"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Nieuwe titel"
    assert AuditEntry.objects.get(action="case.update").data == {
        "fields": ["own_experience", "question", "situation", "still_current", "title"]
    }


def test_case_edit_of_purged_case_is_404(client, group, member):
    purged = make_case(
        group=group, bringer=member, title="", situation="", question="", text_purged_at=timezone.now()
    )
    client.force_login(member)
    assert client.get(reverse("cases:edit", args=[purged.pk])).status_code == 404
    response = client.get(reverse("cases:detail", args=[purged.pk]))
    assert "tekst verwijderd na de bewaartermijn" in _text(response)
    assert "Casus wijzigen" not in _text(response)


# --- The include on the meeting page ------------------------------------------------------------------


def _render_meeting_cases(meeting, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("cases/meeting_cases.html", {"meeting": meeting, "request": request})


def test_meeting_cases_include_shows_titles_to_the_circle(group, member, begeleider):
    meeting = MeetingFactory(group=group)
    make_case(group=group, bringer=member, meeting=meeting)
    make_case(group=group, bringer=member, title="Andere bijeenkomst")
    html = _render_meeting_cases(meeting, member)
    assert SECRET_TITLE in html and "Andere bijeenkomst" not in html
    assert f"?bijeenkomst={meeting.pk}" in html
    html = _render_meeting_cases(meeting, begeleider)
    assert SECRET_TITLE in html and "Casus inbrengen" not in html


@pytest.mark.parametrize("who", ["alice", "platform_admin", "charlie"])
def test_meeting_cases_include_is_empty_for_others(request, group, member, who):
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=2))
    make_case(group=group, bringer=member, meeting=meeting)
    assert _render_meeting_cases(meeting, request.getfixturevalue(who)).strip() == ""


def test_case_create_findings_in_title_are_listed_under_title(client, group, member):
    client.force_login(member)
    response = client.post(
        reverse("cases:create", args=[group.slug]), _post_data(title="Gesprek met Anna Jansen")
    )
    groups = response.context["form"].finding_groups()
    assert [(str(g["label"]), [i["text"] for i in g["items"]]) for g in groups] == [
        ("Titel", ["Anna Jansen"])
    ]
    assert 'value="Gesprek met Anna Jansen"' in _text(response)
    assert not Case.objects.exists()
