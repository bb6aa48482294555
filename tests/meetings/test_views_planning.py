"""The group's meetings, a meeting's page with RSVP, planning and cancelling, and a person's overview,
as the manager (alice), the begeleider (bea), a planning member (pien), a member (bob) and an outsider
(charlie) see them."""

from datetime import time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from intervisie.groups.enums import Format
from intervisie.groups.enums import MembershipState as S
from intervisie.meetings.enums import MeetingStatus, RsvpAnswer
from intervisie.meetings.models import Meeting, MeetingSeries, Rsvp
from tests.factories import (
    CharterFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    MethodFactory,
    OrganisationFactory,
    RsvpFactory,
    UserFactory,
    days_from_today,
    give_totp,
)


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _day(days: int):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def outsiders(group, charlie):
    """Everyone who must get 404: an outsider, a manager of another organisation, someone who left the
    group and someone still on its waitlist."""
    other_manager = UserFactory(email="olga@example.nl", roles=["organisatiebeheerder"])
    give_totp(other_manager)
    OrganisationFactory(managers=[other_manager])
    left = UserFactory(email="lex@example.nl")
    MembershipFactory(user=left, group=group, state=S.LEFT)
    waiting = UserFactory(email="wim@example.nl")
    MembershipFactory(user=waiting, group=group, state=S.WAITLISTED)
    return [charlie, other_manager, left, waiting]


@pytest.fixture
def meeting(group):
    return MeetingFactory(
        group=group,
        title="Intervisie oktober",
        starts_at=days_from_today(10, 19),
        ends_at=days_from_today(10, 21),
        method=MethodFactory(name="Incidentmethode", slug="incidentmethode"),
    )


def _group_url(name, group):
    return reverse(f"meetings:{name}", kwargs={"slug": group.slug})


def _meeting_url(name, meeting):
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk})


# --- The group's meetings ------------------------------------------------------------------------------


def test_group_meetings_member_sees_upcoming_past_counts_and_own_answer(
    client, group, member, planner, meeting
):
    RsvpFactory(meeting=meeting, user=member, answer=RsvpAnswer.COMING)
    RsvpFactory(meeting=meeting, user=planner, answer=RsvpAnswer.NOT_COMING)
    MeetingFactory(
        group=group,
        title="Intervisie vorige maand",
        starts_at=days_from_today(-20),
        ends_at=days_from_today(-20, 21),
    )
    client.force_login(member)
    html = _text(client.get(_group_url("group_meetings", group)))
    upcoming, past = html.split('id="upcoming-heading"')[1].split('id="past-heading"')
    assert "Intervisie oktober" in upcoming and "Intervisie vorige maand" in past
    assert "1 komt, 1 afgemeld" in upcoming
    assert "Jij komt" in upcoming
    assert "Methode: Incidentmethode" in upcoming
    assert _group_url("charter", group) in html
    assert "Bijeenkomst plannen" not in html


@pytest.mark.parametrize("who", ["alice", "begeleider", "planner"])
def test_group_meetings_planners_see_planning_buttons(client, request, group, meeting, who):
    client.force_login(request.getfixturevalue(who))
    html = _text(client.get(_group_url("group_meetings", group)))
    assert _group_url("plan", group) in html and _group_url("plan_series", group) in html
    assert "Intervisie oktober" in html


def test_group_meetings_outsiders_get_404(client, group, meeting, outsiders):
    for person in outsiders:
        client.force_login(person)
        assert client.get(_group_url("group_meetings", group)).status_code == 404


def test_group_meetings_anonymous_goes_to_login(client, group):
    response = client.get(_group_url("group_meetings", group))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_group_meetings_warns_about_a_long_gap_without_charter(client, group, member):
    MeetingFactory(group=group, starts_at=days_from_today(7), ends_at=days_from_today(7, 21))
    MeetingFactory(
        group=group, starts_at=days_from_today(7 + 70), ends_at=days_from_today(7 + 70, 21)
    )  # ten weeks later
    client.force_login(member)
    html = _text(client.get(_group_url("group_meetings", group)))
    assert "Let op: lange pauze tussen bijeenkomsten" in html
    assert "zitten ruim 10 weken. Plan liever niet meer dan 8 weken" in html


def test_group_meetings_warns_by_the_charters_own_rule(client, group, member):
    CharterFactory(group=group, max_gap_weeks=4)
    MeetingFactory(group=group, starts_at=days_from_today(7), ends_at=days_from_today(7, 21))
    MeetingFactory(group=group, starts_at=days_from_today(7 + 42), ends_at=days_from_today(7 + 42, 21))
    client.force_login(member)
    html = _text(client.get(_group_url("group_meetings", group)))
    assert "Jullie hebben afgesproken: hoogstens 4 weken tussen twee bijeenkomsten." in html


def test_group_meetings_no_warning_when_meetings_are_close(client, group, member):
    MeetingFactory(group=group, starts_at=days_from_today(7), ends_at=days_from_today(7, 21))
    MeetingFactory(group=group, starts_at=days_from_today(7 + 42), ends_at=days_from_today(7 + 42, 21))
    client.force_login(member)
    assert "lange pauze" not in _text(client.get(_group_url("group_meetings", group)))


@pytest.mark.parametrize("count", [1, 3])
def test_group_meetings_query_count_is_fixed(
    client, group, member, planner, django_assert_num_queries, count
):
    for n in range(count):
        meeting = MeetingFactory(
            group=group, starts_at=days_from_today(7 * (n + 1)), ends_at=days_from_today(7 * (n + 1), 21)
        )
        RsvpFactory(meeting=meeting, user=member, answer=RsvpAnswer.COMING)
        RsvpFactory(meeting=meeting, user=planner, answer=RsvpAnswer.NOT_COMING)
        past = MeetingFactory(
            group=group, starts_at=days_from_today(-7 * (n + 1)), ends_at=days_from_today(-7 * (n + 1), 21)
        )
        RsvpFactory(meeting=past, user=member, answer=RsvpAnswer.COMING)
    client.force_login(member)
    # session, user, MFA and menu (roles, manages an organisation, guides a group), group, may view
    # (participant), upcoming and past meetings with their counts, methods and my answer (one query
    # each), charter, may plan (manager, planner), takes part (participant), may see cases
    # (participant), links to shared reflections and evaluations (begeleider, may plan).
    with django_assert_num_queries(16):
        response = client.get(_group_url("group_meetings", group))
    assert _text(response).count("1 komt, 1 afgemeld") == count


# --- A person's own overview ---------------------------------------------------------------------------


def test_mine_shows_upcoming_meetings_of_my_groups_with_my_answer(client, group, member, organisation):
    coming = MeetingFactory(
        group=group, title="Ik ben erbij", starts_at=days_from_today(3), ends_at=days_from_today(3, 21)
    )
    MeetingFactory(
        group=group, title="Nog niet beantwoord", starts_at=days_from_today(5), ends_at=days_from_today(5, 21)
    )
    MeetingFactory(
        group=group, title="Al geweest", starts_at=days_from_today(-5), ends_at=days_from_today(-5, 21)
    )
    MeetingFactory(
        group=group,
        title="Gaat niet door",
        starts_at=days_from_today(6),
        ends_at=days_from_today(6, 21),
        status=MeetingStatus.CANCELLED,
    )
    RsvpFactory(meeting=coming, user=member, answer=RsvpAnswer.COMING)
    MeetingFactory(title="Andere groep")  # a group Bob is not in
    guided = GroupFactory(name="Intervisie Ede", organisation=organisation, begeleider=member)
    give_totp(member)  # a begeleider logs in with two factors
    MeetingFactory(
        group=guided, title="Ik begeleid", starts_at=days_from_today(4), ends_at=days_from_today(4, 21)
    )
    client.force_login(member)
    html = _text(client.get(reverse("meetings:mine")))
    assert html.index("Ik ben erbij") < html.index("Ik begeleid") < html.index("Nog niet beantwoord")
    assert "Al geweest" not in html and "Andere groep" not in html
    assert "Jij komt" in html.split("Ik ben erbij")[1].split("</li>")[0]
    assert "Geef nog door of je komt" in html.split("Nog niet beantwoord")[1].split("</li>")[0]
    assert "Jij bent de begeleider van deze groep." in html.split("Ik begeleid")[1].split("</li>")[0]
    assert "Afgelast" in html.split("Gaat niet door")[1].split("</li>")[0]


def test_mine_without_meetings_explains_and_links_to_my_groups(client, charlie):
    client.force_login(charlie)
    html = _text(client.get(reverse("meetings:mine")))
    assert "Je hebt geen komende bijeenkomsten." in html
    assert reverse("groups:mine") in html


def test_mine_anonymous_goes_to_login(client):
    response = client.get(reverse("meetings:mine"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("count", [1, 3])
def test_mine_query_count_is_fixed(client, member, organisation, django_assert_num_queries, count):
    for n in range(count):
        group = GroupFactory(name=f"Groep {n}", organisation=organisation)
        MembershipFactory(user=member, group=group)
        meeting = MeetingFactory(
            group=group, starts_at=days_from_today(n + 2), ends_at=days_from_today(n + 2, 21)
        )
        RsvpFactory(meeting=meeting, user=member)
    client.force_login(member)
    # session, user, MFA and menu (roles, manages an organisation, guides a group), meetings with
    # their groups and my answers, the groups I take part in, attendance still to confirm.
    with django_assert_num_queries(8):
        response = client.get(reverse("meetings:mine"))
    assert _text(response).count("Jij komt") == count


# --- A meeting's page ----------------------------------------------------------------------------------


def test_meeting_detail_member_sees_time_place_method_and_who_comes(client, group, member, planner, meeting):
    other = UserFactory(name="Olav Overig")
    MembershipFactory(user=other, group=group)
    RsvpFactory(meeting=meeting, user=planner, answer=RsvpAnswer.COMING)
    RsvpFactory(meeting=meeting, user=other, answer=RsvpAnswer.NOT_COMING, reason="Op vakantie")
    client.force_login(member)
    response = client.get(_meeting_url("detail", meeting))
    html = _text(response)
    assert "Intervisie oktober" in html
    assert "19:00 tot 21:00 uur" in html
    assert "Buurthuis De Linde, Lindelaan 4, Utrecht" in html
    assert "Incidentmethode" in html
    assert "Pien Planner" in html.split("Komt (1)")[1].split("</ul>")[0]
    assert "Olav Overig" in html.split("Afgemeld (1)")[1].split("</ul>")[0]
    assert "Bob de Vries" in html.split("Nog niet gereageerd (1)")[1].split("</ul>")[0]
    assert "Op vakantie" not in html  # reasons are for the begeleider and planners
    assert "Ik kom" in html and "Ik meld me af" in html
    assert _meeting_url("cancel", meeting) not in html
    names = [t.name for t in response.templates]
    assert "meetings/attendance_block.html" in names and "meetings/calendar_links.html" in names


@pytest.mark.parametrize("who", ["alice", "begeleider", "planner"])
def test_meeting_detail_planners_see_reasons_buttons_and_counts(client, request, group, member, meeting, who):
    RsvpFactory(meeting=meeting, user=member, answer=RsvpAnswer.NOT_COMING, reason="Op vakantie")
    client.force_login(request.getfixturevalue(who))
    html = _text(client.get(_meeting_url("detail", meeting)))
    assert "(Op vakantie)" in html
    assert _meeting_url("edit", meeting) in html and _meeting_url("cancel", meeting) in html
    assert "Er komen nu 0 deelnemers. Het minimum om door te gaan is 4." in html


def test_meeting_detail_outsiders_get_404(client, meeting, outsiders):
    for person in outsiders:
        client.force_login(person)
        for name in ("detail", "edit", "cancel"):
            assert client.get(_meeting_url(name, meeting)).status_code == 404
        assert client.post(_meeting_url("rsvp", meeting), {"answer": "coming"}).status_code == 404
    assert not Rsvp.objects.exists()


def test_meeting_detail_unknown_meeting_is_404(client, member):
    client.force_login(member)
    assert client.get(reverse("meetings:detail", kwargs={"pk": 999999})).status_code == 404


def test_meeting_detail_online_shows_the_video_link_to_the_group_only(
    client, group, member, begeleider, charlie
):
    meeting = MeetingFactory(
        group=group, format=Format.ONLINE, location="", video_room="intervisiewijzer-abcdef"
    )
    for person in (member, begeleider):
        client.force_login(person)
        html = _text(client.get(_meeting_url("detail", meeting)))
        assert f'href="{meeting.video_url}"' in html
    client.force_login(charlie)
    response = client.get(_meeting_url("detail", meeting))
    assert response.status_code == 404 and meeting.video_room not in _text(response)


def test_meeting_detail_cancelled_shows_reason_without_rsvp_or_video(client, group, member):
    meeting = MeetingFactory(
        group=group,
        format=Format.HYBRID,
        video_room="intervisiewijzer-weg",
        status=MeetingStatus.CANCELLED,
        cancel_reason="De begeleider is ziek.",
    )
    client.force_login(member)
    html = _text(client.get(_meeting_url("detail", meeting)))
    assert "Deze bijeenkomst is afgelast. Ze gaat niet door." in html
    assert "De begeleider is ziek." in html
    assert "intervisiewijzer-weg" not in html
    assert "Ik kom" not in html


def test_meeting_detail_past_meeting_has_no_rsvp(client, group, member):
    meeting = MeetingFactory(group=group, starts_at=days_from_today(-3), ends_at=days_from_today(-3, 21))
    client.force_login(member)
    html = _text(client.get(_meeting_url("detail", meeting)))
    assert "Deze bijeenkomst is geweest. Aan- of afmelden kan niet meer." in html
    assert "Ik meld me af" not in html


def test_meeting_detail_quorum_warning_for_planners_only(client, group, alice, member):
    CharterFactory(group=group, min_attendance=3)
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(hours=24))
    RsvpFactory(meeting=meeting, user=member, answer=RsvpAnswer.COMING)
    client.force_login(alice)
    html = _text(client.get(_meeting_url("detail", meeting)))
    assert "Er hebben zich te weinig mensen aangemeld" in html
    assert "Er komt nu 1 deelnemer. Het minimum is 3." in html
    assert "Jullie afspraak hierover: De bijeenkomst gaat niet door" in html
    assert f"{_meeting_url('cancel', meeting)}?reden=quorum" in html
    client.force_login(member)
    assert "te weinig mensen aangemeld" not in _text(client.get(_meeting_url("detail", meeting)))


def test_meeting_detail_no_quorum_warning_before_the_deadline(client, group, alice, meeting):
    client.force_login(alice)
    assert "te weinig mensen aangemeld" not in _text(client.get(_meeting_url("detail", meeting)))


# --- RSVP -------------------------------------------------------------------------------------------------


def test_rsvp_coming_is_saved_and_shown(client, member, meeting):
    client.force_login(member)
    response = client.post(_meeting_url("rsvp", meeting), {"answer": "coming"}, follow=True)
    assert _messages(response) == ["Gelukt: je hebt doorgegeven dat je komt. Tot dan!"]
    assert Rsvp.objects.get(user=member).answer == RsvpAnswer.COMING
    html = _text(response)
    assert "Je hebt doorgegeven: je komt." in html
    assert "Bob de Vries" in html.split("Komt (1)")[1].split("</ul>")[0]


def test_rsvp_not_coming_with_reason(client, member, meeting):
    client.force_login(member)
    response = client.post(
        _meeting_url("rsvp", meeting), {"answer": "not_coming", "reason": "Verjaardag"}, follow=True
    )
    assert _messages(response) == ["Gelukt: je bent afgemeld voor deze bijeenkomst."]
    rsvp = Rsvp.objects.get(user=member)
    assert (rsvp.answer, rsvp.reason) == (RsvpAnswer.NOT_COMING, "Verjaardag")
    assert "Je reden: Verjaardag" in _text(response)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"answer": "not_coming", "reason": "x" * 301}, "reason", "Gebruik maximaal 300 tekens (nu 301)."),
        ({"answer": "not_coming", "reason": "BSN 111222333"}, "reason", "burgerservicenummer"),
        ({"answer": "misschien"}, "answer", "Kies 'Ik kom' of 'Ik meld me af'."),
        ({}, "answer", "Kies 'Ik kom' of 'Ik meld me af'."),
    ],
)
def test_rsvp_bad_input_shows_message_and_keeps_text(client, member, meeting, data, field, message):
    client.force_login(member)
    response = client.post(_meeting_url("rsvp", meeting), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["rsvp_form"].errors[field])
    html = _text(response)
    assert message.replace("'", "&#x27;") in html
    if "reason" in data:
        assert response.context["rsvp_form"]["reason"].value() == data["reason"]
    assert not Rsvp.objects.exists()


@pytest.mark.parametrize("who", ["alice", "begeleider"])
def test_rsvp_by_a_planner_who_does_not_take_part_is_404(client, request, meeting, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(_meeting_url("rsvp", meeting), {"answer": "coming"}).status_code == 404
    assert not Rsvp.objects.exists()


def test_rsvp_planner_member_may_answer(client, planner, meeting):
    client.force_login(planner)
    client.post(_meeting_url("rsvp", meeting), {"answer": "coming"})
    assert Rsvp.objects.get().user == planner


def test_rsvp_on_a_cancelled_meeting_says_why(client, group, member):
    meeting = MeetingFactory(group=group, status=MeetingStatus.CANCELLED)
    client.force_login(member)
    response = client.post(_meeting_url("rsvp", meeting), {"answer": "coming"}, follow=True)
    assert _messages(response) == ["Deze bijeenkomst is afgelast. Aan- of afmelden hoeft niet."]
    assert not Rsvp.objects.exists()


def test_rsvp_after_the_deadline_only_cancelling(client, group, member):
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(hours=24))
    client.force_login(member)
    html = _text(client.get(_meeting_url("detail", meeting)))
    assert "Afmelden kan nog wel, tot de bijeenkomst begint." in html
    assert 'value="coming"' not in html
    response = client.post(_meeting_url("rsvp", meeting), {"answer": "coming"}, follow=True)
    assert _messages(response)[0].startswith("Aanmelden kon tot ")
    client.post(_meeting_url("rsvp", meeting), {"answer": "not_coming"})
    assert Rsvp.objects.get().answer == RsvpAnswer.NOT_COMING


def test_rsvp_get_is_not_allowed(client, member, meeting):
    client.force_login(member)
    assert client.get(_meeting_url("rsvp", meeting)).status_code == 405


# --- Planning one meeting -------------------------------------------------------------------------------


def _meeting_data(**changes):
    data = {
        "title": "Intervisie november",
        "date": _day(20).isoformat(),
        "start_time": "19:30",
        "end_time": "21:30",
        "format": Format.IN_PERSON,
        "location": "Wijkcentrum Oost, Utrecht",
        "method": "",
        "rsvp_deadline": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("who", ["alice", "begeleider", "planner"])
def test_plan_meeting_form_for_planners(client, request, group, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_group_url("plan", group))
    html = _text(response)
    assert "<h1>Bijeenkomst plannen</h1>" in html
    assert 'type="date"' in html and 'type="time"' in html
    assert "Vuistregel: hoogstens 8 weken tussen twee bijeenkomsten." in html


def test_plan_meeting_member_and_outsiders_get_404(client, group, member, outsiders):
    for person in [member, *outsiders]:
        client.force_login(person)
        assert client.get(_group_url("plan", group)).status_code == 404
        assert client.post(_group_url("plan", group), _meeting_data()).status_code == 404
        assert client.get(_group_url("plan_series", group)).status_code == 404
    assert not Meeting.objects.exists()


def test_plan_meeting_post_saves_and_goes_to_the_meeting(client, group, planner, member):
    method = MethodFactory(name="Balintmethode", slug="balint")
    client.force_login(planner)
    response = client.post(
        _group_url("plan", group),
        _meeting_data(
            method=str(method.pk), is_start_meeting="on", rsvp_deadline=f"{_day(15).isoformat()}T12:00"
        ),
        follow=True,
    )
    meeting = Meeting.objects.get()
    assert response.redirect_chain[-1][0] == _meeting_url("detail", meeting)
    assert _messages(response)[0] == "De bijeenkomst is gepland. Iedereen in de groep krijgt een e-mail."
    assert timezone.localtime(meeting.starts_at) == days_from_today(20, 19, 30)
    assert timezone.localtime(meeting.ends_at) == days_from_today(20, 21, 30)
    assert timezone.localtime(meeting.rsvp_deadline) == days_from_today(15, 12)
    assert (meeting.method, meeting.is_start_meeting, meeting.created_by) == (method, True, planner)
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.nl", "pien@example.nl"]


def test_plan_meeting_online_without_location_gets_a_room(client, group, alice):
    client.force_login(alice)
    client.post(_group_url("plan", group), _meeting_data(format=Format.ONLINE, location=""))
    meeting = Meeting.objects.get()
    assert meeting.video_room.startswith("intervisiewijzer-") and meeting.location == ""


def test_plan_meeting_warns_about_a_long_gap(client, group, alice):
    MeetingFactory(group=group, starts_at=days_from_today(7), ends_at=days_from_today(7, 21))
    client.force_login(alice)
    response = client.post(
        _group_url("plan", group), _meeting_data(date=_day(7 + 84).isoformat()), follow=True
    )
    warnings = [m for m in _messages(response) if "Tussen" in m]
    assert len(warnings) == 1 and "zitten ruim 12 weken" in warnings[0]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_time": "19:00"}, "end_time", "De eindtijd moet na de begintijd liggen."),
        ({"end_time": "19:30"}, "end_time", "De eindtijd moet na de begintijd liggen."),
        ({"date": _day(-1).isoformat()}, "date", "Deze datum en tijd zijn al voorbij."),
        ({"location": "  "}, "location", "Vul de plaats en het adres in."),
        (
            {"format": Format.HYBRID, "location": ""},
            "location",
            "Alleen bij een online bijeenkomst mag dit leeg blijven.",
        ),
        ({"title": "x" * 121}, "title", "Gebruik maximaal 120 tekens (nu 121)."),
        ({"title": ""}, "title", "Geef de bijeenkomst een titel."),
        ({"date": "31-02-2030"}, "date", "Vul een geldige datum in"),
        ({"start_time": "halfacht"}, "start_time", "Vul een geldige tijd in, bijvoorbeeld 19:30."),
        ({"format": "telefonisch"}, "format", "Kies een van de vormen."),
        (
            {"rsvp_deadline": f"{_day(21).isoformat()}T12:00"},
            "rsvp_deadline",
            "vóór het begin van de bijeenkomst",
        ),
        ({"location": "x" * 201}, "location", "Gebruik maximaal 200 tekens (nu 201)."),
    ],
)
def test_plan_meeting_bad_input_shows_message_at_field_and_keeps_text(
    client, group, alice, changes, field, message
):
    client.force_login(alice)
    response = client.post(_group_url("plan", group), _meeting_data(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]
    html = _text(response)
    assert f'id="id_{field}_error"' in html
    assert form["title"].value() == changes.get("title", "Intervisie november")
    assert form["location"].value() == changes.get("location", "Wijkcentrum Oost, Utrecht")
    assert not Meeting.objects.exists()


# --- Planning a series ----------------------------------------------------------------------------------


def _series_data(**changes):
    data = {
        "name": "Schooljaar 2026-2027",
        "first_date": _day(10).isoformat(),
        "count": "5",
        "every_weeks": "6",
        "start_time": "19:00",
        "end_time": "21:00",
        "format": Format.IN_PERSON,
        "location": "Wijkcentrum Oost, Utrecht",
        "method": "",
        "first_is_start_meeting": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_plan_series_post_plans_every_meeting(client, group, begeleider, member):
    client.force_login(begeleider)
    response = client.post(_group_url("plan_series", group), _series_data(), follow=True)
    assert response.redirect_chain[-1][0] == _group_url("group_meetings", group)
    assert _messages(response)[0] == (
        "5 bijeenkomsten zijn gepland. Iedereen in de groep krijgt een e-mail met de data."
    )
    series = MeetingSeries.objects.get()
    assert series.meetings.count() == 5
    html = _text(response)
    assert "Schooljaar 2026-2027: startbijeenkomst" in html
    assert "Schooljaar 2026-2027: bijeenkomst 5 van 5" in html
    assert sorted(m.to[0] for m in mail.outbox) == ["bea@example.nl", "bob@example.nl"]


def test_plan_series_wider_than_the_rule_warns(client, group, alice):
    client.force_login(alice)
    response = client.post(
        _group_url("plan_series", group), _series_data(every_weeks="10", count="3"), follow=True
    )
    assert len([m for m in _messages(response) if "zitten ruim 10 weken" in m]) == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"count": "21"}, "count", "Plan hoogstens 20 bijeenkomsten tegelijk."),
        ({"count": "0"}, "count", "Plan minstens 1 bijeenkomst."),
        ({"count": "zes"}, "count", "Vul een heel getal in, zonder letters."),
        ({"every_weeks": "0"}, "every_weeks", "Kies minstens 1 week tussen twee bijeenkomsten."),
        ({"every_weeks": "27"}, "every_weeks", "Kies hoogstens 26 weken tussen twee bijeenkomsten."),
        ({"first_date": _day(-7).isoformat()}, "first_date", "Deze datum en tijd zijn al voorbij."),
        ({"end_time": "18:00"}, "end_time", "De eindtijd moet na de begintijd liggen."),
        ({"location": ""}, "location", "Vul de plaats en het adres in."),
        ({"name": "x" * 121}, "name", "Gebruik maximaal 120 tekens (nu 121)."),
        ({"name": ""}, "name", "Geef de reeks een naam"),
    ],
)
def test_plan_series_bad_input_shows_message_at_field_and_keeps_text(
    client, group, alice, changes, field, message
):
    client.force_login(alice)
    response = client.post(_group_url("plan_series", group), _series_data(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]
    assert f'id="id_{field}_error"' in _text(response)
    for kept in ("count", "every_weeks", "location", "name"):
        assert form[kept].value() == _series_data(**changes)[kept]
    assert not MeetingSeries.objects.exists() and not Meeting.objects.exists()


# --- Changing a meeting ---------------------------------------------------------------------------------


def test_edit_meeting_form_is_prefilled(client, alice, meeting):
    client.force_login(alice)
    form = client.get(_meeting_url("edit", meeting)).context["form"]
    assert (form["title"].value(), form["date"].value(), form["start_time"].value()) == (
        "Intervisie oktober",
        _day(10),
        time(19, 0),
    )


def test_edit_meeting_post_changes_it_and_tells_the_group(client, alice, member, meeting):
    client.force_login(alice)
    data = _meeting_data(
        title="Intervisie oktober", date=_day(11).isoformat(), start_time="19:00", end_time="21:00"
    )
    response = client.post(_meeting_url("edit", meeting), data, follow=True)
    assert _messages(response)[0] == "De bijeenkomst is gewijzigd. Iedereen in de groep krijgt een e-mail."
    meeting.refresh_from_db()
    assert (timezone.localtime(meeting.starts_at), meeting.sequence) == (days_from_today(11, 19), 1)
    assert [m.to[0] for m in mail.outbox] == ["bob@example.nl"]
    assert "Bijeenkomst gewijzigd: Intervisie oktober" in mail.outbox[0].subject


def test_edit_meeting_without_changes_says_so(client, alice, member, meeting):
    client.force_login(alice)
    data = _meeting_data(
        title=meeting.title,
        date=_day(10).isoformat(),
        start_time="19:00",
        end_time="21:00",
        location=meeting.location,
        method=str(meeting.method_id),
    )
    response = client.post(_meeting_url("edit", meeting), data, follow=True)
    assert _messages(response) == ["Je hebt niets veranderd."]
    assert mail.outbox == []


def test_edit_meeting_bad_input_keeps_text(client, alice, meeting):
    client.force_login(alice)
    response = client.post(
        _meeting_url("edit", meeting), _meeting_data(title="Nieuwe titel", end_time="18:00")
    )
    form = response.context["form"]
    assert form.errors["end_time"] == ["De eindtijd moet na de begintijd liggen."]
    assert form["title"].value() == "Nieuwe titel"
    meeting.refresh_from_db()
    assert meeting.title == "Intervisie oktober"


def test_edit_meeting_member_gets_404(client, member, meeting):
    client.force_login(member)
    assert client.get(_meeting_url("edit", meeting)).status_code == 404
    assert client.post(_meeting_url("edit", meeting), _meeting_data()).status_code == 404


def test_edit_cancelled_meeting_goes_back_with_a_message(client, group, alice):
    meeting = MeetingFactory(group=group, status=MeetingStatus.CANCELLED)
    client.force_login(alice)
    response = client.get(_meeting_url("edit", meeting), follow=True)
    assert _messages(response) == ["Deze bijeenkomst is afgelast. Je kunt hem niet meer wijzigen."]


# --- Cancelling ------------------------------------------------------------------------------------------


def test_cancel_asks_first_on_a_page_that_works_without_javascript(client, alice, meeting):
    client.force_login(alice)
    html = _text(client.get(_meeting_url("cancel", meeting)))
    assert "Weet je zeker dat je Intervisie oktober afgelast?" in html
    assert 'name="confirm" value="yes"' in html
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_cancel_from_the_quorum_warning_prefills_the_reason(client, alice, meeting):
    client.force_login(alice)
    form = client.get(_meeting_url("cancel", meeting) + "?reden=quorum").context["form"]
    assert form["reason"].value() == "Er hebben zich te weinig mensen aangemeld."


def test_cancel_post_without_confirmation_only_asks(client, alice, meeting):
    client.force_login(alice)
    response = client.post(_meeting_url("cancel", meeting), {"reason": "Ziek"})
    assert "Ja, afgelasten" in _text(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Schrijf kort waarom de bijeenkomst niet doorgaat."),
        ("x" * 1001, "Gebruik maximaal 1000 tekens (nu 1001)."),
    ],
)
def test_cancel_bad_reason_shows_message_and_keeps_text(client, alice, meeting, reason, message):
    client.force_login(alice)
    response = client.post(_meeting_url("cancel", meeting), {"confirm": "yes", "reason": reason})
    assert message in response.context["form"].errors["reason"][0]
    assert response.context["form"]["reason"].value() == reason
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and mail.outbox == []


def test_cancel_confirmed_cancels_and_tells_everyone_once(client, begeleider, member, planner, meeting):
    client.force_login(begeleider)
    data = {"confirm": "yes", "reason": "De ruimte is niet beschikbaar."}
    response = client.post(_meeting_url("cancel", meeting), data, follow=True)
    assert _messages(response) == ["De bijeenkomst is afgelast. Iedereen in de groep krijgt een e-mail."]
    assert "De ruimte is niet beschikbaar." in _text(response)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    assert sorted(m.to[0] for m in mail.outbox) == ["bea@example.nl", "bob@example.nl", "pien@example.nl"]
    again = client.post(_meeting_url("cancel", meeting), data, follow=True)
    assert _messages(again) == ["Deze bijeenkomst is al afgelast."]
    assert len(mail.outbox) == 3


def test_cancel_a_meeting_that_is_over_says_so(client, group, alice):
    meeting = MeetingFactory(group=group, starts_at=days_from_today(-2), ends_at=days_from_today(-2, 21))
    client.force_login(alice)
    response = client.post(
        _meeting_url("cancel", meeting), {"confirm": "yes", "reason": "Te laat"}, follow=True
    )
    assert _messages(response) == ["Deze bijeenkomst is al voorbij. Afgelasten kan niet meer."]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_cancel_by_a_member_who_does_not_plan_is_404(client, member, meeting):
    client.force_login(member)
    assert (
        client.post(_meeting_url("cancel", meeting), {"confirm": "yes", "reason": "Zomaar"}).status_code
        == 404
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_edit_meeting_that_was_held_may_fix_its_title_but_not_its_time(client, group, alice):
    meeting = MeetingFactory(
        group=group,
        title="Intervisei",
        starts_at=days_from_today(-3, 19, 0),
        ends_at=days_from_today(-3, 21, 0),
    )
    client.force_login(alice)
    data = _meeting_data(
        title="Intervisie",
        date=_day(-3).isoformat(),
        start_time="19:00",
        end_time="21:00",
        location=meeting.location,
    )
    response = client.post(_meeting_url("edit", meeting), data, follow=True)
    assert _messages(response)[0].startswith("De bijeenkomst is gewijzigd.")
    meeting.refresh_from_db()
    assert meeting.title == "Intervisie"
    moved = client.post(_meeting_url("edit", meeting), {**data, "start_time": "18:30"})
    assert moved.context["form"].errors["date"] == [
        "Deze datum en tijd zijn al voorbij. Kies een moment in de toekomst."
    ]
