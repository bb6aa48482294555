import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from intervisie.live.domain import (
    session_add_time,
    session_end,
    session_next,
    session_pause,
    session_resume,
    session_reveal_next,
    silent_answer_save,
    step_note_save,
)
from intervisie.live.models import LiveSession, SilentAnswer, StepNote, Takeaway
from tests.factories import MeetingFactory, MembershipFactory, MethodFactory, UserFactory

PERSONAS = ["member", "erin", "begeleider"]  # chair, participant, begeleider
OUTSIDERS = ["charlie", "alice"]  # outsider, organisation manager outside the circle


def _url(name, meeting, *args):
    return reverse(f"live:{name}", args=[meeting.pk, *args])


def _post_action(client, meeting, action, version):
    return client.post(_url("action", meeting, action), {"expected_version": version})


# --- The session page and its polled partial ----------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_session_page_shows_current_step_to_circle(client, request, session, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url("session", session.meeting))
    html = response.content.decode()
    assert "Stap 1 van 3" in html
    assert "Vraag verhelderen" in html
    assert "Ruzie aan tafel" in html  # the case title, for the circle only
    assert 'hx-trigger="every 2s"' in html
    assert "Bob de Vries" in html and "Erin Smit" in html


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("name", ["session", "state", "start", "close"])
def test_session_pages_404_for_outsiders(client, request, session, who, name):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(name, session.meeting)).status_code == 404


@pytest.mark.parametrize("who", OUTSIDERS)
def test_session_posts_404_for_outsiders(client, request, session, member, who):
    session_next(session=session, by=member, expected_version=0)
    client.force_login(request.getfixturevalue(who))
    meeting = session.meeting
    assert _post_action(client, meeting, "volgende", 1).status_code == 404
    assert client.post(_url("answer", meeting), {"text": "Kijk mee"}).status_code == 404
    assert client.post(_url("note", meeting), {"text": "Kijk mee"}).status_code == 404
    assert SilentAnswer.objects.count() == 0 and StepNote.objects.count() == 0


def test_session_page_anonymous_redirects_to_login(client, session):
    response = client.get(_url("session", session.meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_session_page_before_start_waits(client, meeting, erin, begeleider):
    client.force_login(erin)
    html = client.get(_url("session", meeting)).content.decode()
    assert "De sessie is nog niet gestart" in html
    assert "Sessie starten" not in html
    client.force_login(begeleider)
    assert _url("start", meeting) in client.get(_url("session", meeting)).content.decode()


def test_state_partial_follows_the_chair(client, session, member, erin):
    client.force_login(erin)
    assert "Vraag verhelderen" in client.get(_url("state", session.meeting)).content.decode()
    session_next(session=session, by=member, expected_version=0)
    html = client.get(_url("state", session.meeting)).content.decode()
    assert "Stap 2 van 3" in html
    assert "Stil schrijven" in html
    assert "De inbrenger luistert alleen" in html
    assert "<html" not in html  # a fragment, not a page


def test_reconnect_full_reload_shows_current_step(client, session, member, erin):
    session_next(session=session, by=member, expected_version=0)
    session_next(session=session, by=member, expected_version=1)
    client.force_login(erin)
    html = client.get(_url("session", session.meeting)).content.decode()
    assert "Stap 3 van 3" in html
    assert "Afronden" in html


def test_state_partial_query_count_is_constant(
    client, session, member, erin, group, django_assert_num_queries
):
    session = session_next(session=session, by=member, expected_version=0)
    silent_answer_save(session=session, user=erin, text="Antwoord van Erin")
    session = session_reveal_next(session=session, by=member, expected_version=1)
    client.force_login(erin)
    url = _url("state", session.meeting)
    client.get(url)  # warm up the session and user lookups
    # 5 for the login session, user and nav; 7 for the meeting, circle check, session, steps,
    # own answer, revealed answers and notes.
    with django_assert_num_queries(12):
        client.get(url)
    for n in range(2):
        user = UserFactory(name=f"Extra {n}")
        MembershipFactory(user=user, group=group)
        silent_answer_save(session=session, user=user, text=f"Antwoord {n}")
        session = session_reveal_next(session=session, by=member, expected_version=session.version)
    with django_assert_num_queries(12):
        html = client.get(url).content.decode()
    assert html.count(":</strong> Antwoord ") == 3


def _state_key(html: str) -> str:
    """The state key the screen's poller sends back (live/_state.html)."""
    keys = re.findall(r'/stand/\?v=([0-9a-f]{16})"', html)
    assert len(keys) == 1, keys
    return keys[0]


def _poll(client, meeting, key):
    return client.get(_url("state", meeting), {"v": key}, HTTP_HX_REQUEST="true")


def test_state_answers_204_while_nothing_changed(client, session, member, erin):
    client.force_login(erin)
    key = _state_key(client.get(_url("session", session.meeting)).content.decode())
    response = _poll(client, session.meeting, key)
    assert (response.status_code, response.content) == (204, b"")
    assert "no-cache" in response["Cache-Control"]
    session_next(session=session, by=member, expected_version=0)
    response = _poll(client, session.meeting, key)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stap 2 van 3" in html
    new_key = _state_key(html)
    assert new_key != key
    assert _poll(client, session.meeting, new_key).status_code == 204


def test_state_without_key_or_with_a_wrong_one_gives_the_state(client, session, erin):
    client.force_login(erin)
    for params in ({}, {"v": ""}, {"v": "x" * 500}, {"v": "abc\x00def"}):
        response = client.get(_url("state", session.meeting), params)
        assert response.status_code == 200
        assert "Vraag verhelderen" in response.content.decode()


def test_state_key_changes_with_pause_time_group_note_and_time_moved(client, session, member, erin):
    client.force_login(erin)
    meeting = session.meeting
    keys = [_state_key(client.get(_url("state", meeting)).content.decode())]

    def changed():
        response = _poll(client, meeting, keys[-1])
        assert response.status_code == 200
        keys.append(_state_key(response.content.decode()))
        return response.content.decode()

    session = session_pause(session=session, by=member, expected_version=0)
    assert "Pauze</strong>" in changed()
    session = session_resume(session=session, by=member, expected_version=1)
    session_add_time(session=session, by=member, expected_version=2)
    changed()
    step_note_save(session=session, user=member, text="Thema: grenzen stellen", is_group_note=True)
    assert "Thema: grenzen stellen" in changed()
    # Moved in the database without a new version (an admin repair): the screens still follow.
    LiveSession.objects.filter(pk=session.pk).update(
        step_started_at=session.step_started_at - dt.timedelta(minutes=9)
    )
    assert "De tijd is om</strong>" in changed()
    assert len(set(keys)) == len(keys)


def test_written_answers_change_only_the_leaders_state(client, session, member, erin, begeleider, group):
    session = session_next(session=session, by=member, expected_version=0)
    meeting = session.meeting
    fien = UserFactory(name="Fien Bos")
    MembershipFactory(user=fien, group=group)
    keys = {}
    for user in (member, begeleider, fien):
        client.force_login(user)
        keys[user] = _state_key(client.get(_url("state", meeting)).content.decode())
    silent_answer_save(session=session, user=erin, text="Samen koken helpt")
    client.force_login(member)
    assert "0 van 1 antwoorden getoond" in _poll(client, meeting, keys[member]).content.decode()
    client.force_login(begeleider)  # the begeleider leads too
    assert "0 van 1 antwoorden getoond" in _poll(client, meeting, keys[begeleider]).content.decode()
    # Erin's answer is private: another participant's screen has nothing new to show.
    client.force_login(fien)
    assert _poll(client, meeting, keys[fien]).status_code == 204


def test_state_announces_the_step_and_a_pause(client, session, member, erin):
    client.force_login(erin)
    html = client.get(_url("session", session.meeting)).content.decode()
    assert 'id="live-announcer" class="visually-hidden" role="status" aria-live="polite"' in html
    assert 'data-announce="Stap 1 van 3: Vraag verhelderen."' in html
    # The live region is outside the swapped state, so it is never replaced.
    assert html.index('id="live-announcer"') < html.index('id="live-state"')
    session_pause(session=session, by=member, expected_version=0)
    html = client.get(_url("state", session.meeting)).content.decode()
    assert 'data-announce="Stap 1 van 3: Vraag verhelderen. De sessie staat op pauze."' in html
    assert 'id="live-announcer"' not in html


def test_chair_controls_have_stable_ids(client, session, member):
    client.force_login(member)
    html = client.get(_url("state", session.meeting)).content.decode()
    for element_id in ("live-next", "live-pause", "live-add-time", "live-end"):
        assert html.count(f'id="{element_id}"') == 1
    assert 'id="live-previous"' not in html  # the first step has no way back
    session_pause(session=session, by=member, expected_version=0)
    html = client.get(_url("state", session.meeting)).content.decode()
    assert re.search(r'id="live-pause">Verder</button>', html)


def test_state_unchanged_poll_query_count_is_constant(
    client, session, member, erin, group, django_assert_num_queries
):
    session = session_next(session=session, by=member, expected_version=0)
    client.force_login(erin)
    key = _state_key(client.get(_url("state", session.meeting)).content.decode())
    # 5 for the login session, user and roles; 3 for the meeting, the circle check and the session with
    # its group note and answer count (one query): nothing is rendered.
    with django_assert_num_queries(8):
        assert _poll(client, session.meeting, key).status_code == 204
    for n in range(3):
        user = UserFactory(name=f"Extra {n}")
        MembershipFactory(user=user, group=group)
        silent_answer_save(session=session, user=user, text=f"Antwoord {n}")
    with django_assert_num_queries(8):
        assert _poll(client, session.meeting, key).status_code == 204


def test_countdown_has_end_time_and_shows_time_up(client, session, erin):
    client.force_login(erin)
    html = client.get(_url("state", session.meeting)).content.decode()
    assert "data-ends-at=" in html
    assert "De tijd is om</strong>" not in html
    LiveSession.objects.filter(pk=session.pk).update(
        step_started_at=session.step_started_at - dt.timedelta(minutes=7)
    )
    html = client.get(_url("state", session.meeting)).content.decode()
    assert "De tijd is om</strong>" in html
    assert "+2:00" in html


# --- Chair controls ---------------------------------------------------------------------------------------


def test_chair_controls_only_for_chair_and_begeleider(client, session, member, erin, begeleider):
    for user, sees in ((member, True), (begeleider, True), (erin, False)):
        client.force_login(user)
        html = client.get(_url("state", session.meeting)).content.decode()
        assert ("Volgende stap" in html) is sees
        assert ('name="expected_version" value="0"' in html) is sees


def test_action_next_moves_one_step(client, session, member):
    client.force_login(member)
    response = _post_action(client, session.meeting, "volgende", 0)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.step_position == 2


def test_action_two_chairs_same_version_moves_one_step(client, session, member, begeleider):
    client.force_login(member)
    _post_action(client, session.meeting, "volgende", 0)
    client.force_login(begeleider)
    response = _post_action(client, session.meeting, "volgende", 0)
    session.refresh_from_db()
    assert session.step_position == 2
    html = client.get(response["Location"]).content.decode()
    assert "Iemand anders heeft de sessie net al veranderd" in html
    assert "Stap 2 van 3" in html


def test_action_with_htmx_answers_the_new_state(client, session, member):
    client.force_login(member)
    response = client.post(
        _url("action", session.meeting, "volgende"), {"expected_version": 0}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # the state, swapped in place
    assert "Stap 2 van 3" in html and 'id="live-next"' in html
    assert 'data-announce="Stap 2 van 3: Stil schrijven."' in html
    assert 'name="expected_version" value="1"' in html
    session.refresh_from_db()
    assert session.step_position == 2


def test_action_with_htmx_shows_a_conflict_in_the_state(client, session, member, begeleider):
    session_next(session=session, by=begeleider, expected_version=0)
    client.force_login(member)
    response = client.post(
        _url("action", session.meeting, "volgende"), {"expected_version": 0}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'role="alert" id="live-action-error">Iemand anders heeft de sessie net al veranderd' in html
    assert "Stap 2 van 3" in html
    response = client.post(
        _url("action", session.meeting, "volgende"), {"expected_version": "abc"}, HTTP_HX_REQUEST="true"
    )
    assert "Er ging iets mis met je knop" in response.content.decode()
    session.refresh_from_db()
    assert session.step_position == 2


def test_action_end_with_htmx_sends_everyone_to_the_close_page(client, session, member):
    client.force_login(member)
    response = client.post(
        _url("action", session.meeting, "afronden"), {"expected_version": 0}, HTTP_HX_REQUEST="true"
    )
    assert (response.status_code, response["HX-Redirect"]) == (204, _url("close", session.meeting))


def test_action_by_participant_not_chair_404(client, session, erin):
    client.force_login(erin)
    assert _post_action(client, session.meeting, "volgende", 0).status_code == 404
    session.refresh_from_db()
    assert session.step_position == 1


def test_action_unknown_or_bad_version(client, session, member):
    client.force_login(member)
    assert _post_action(client, session.meeting, "springen", 0).status_code == 404
    response = _post_action(client, session.meeting, "volgende", "abc")
    assert "Er ging iets mis met je knop" in client.get(response["Location"]).content.decode()
    session.refresh_from_db()
    assert session.step_position == 1


def test_action_pause_resume_and_add_time(client, session, member):
    client.force_login(member)
    _post_action(client, session.meeting, "pauze", 0)
    html = client.get(_url("state", session.meeting)).content.decode()
    assert "Verder" in html and "data-ends-at" not in html
    _post_action(client, session.meeting, "verder", 1)
    _post_action(client, session.meeting, "extra-tijd", 2)
    session.refresh_from_db()
    assert (session.paused_at, session.extra_seconds, session.version) == (None, 120, 3)


def test_action_end_leads_everyone_to_closing(client, session, member, erin):
    client.force_login(member)
    _post_action(client, session.meeting, "afronden", 0)
    client.force_login(erin)
    assert client.get(_url("session", session.meeting))["Location"] == _url("close", session.meeting)
    response = client.get(_url("state", session.meeting), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == _url("close", session.meeting)


# --- Silent answers and notes ------------------------------------------------------------------------------


def test_silent_answer_private_until_revealed(client, session, member, erin, begeleider):
    session = session_next(session=session, by=member, expected_version=0)
    client.force_login(erin)
    response = client.post(_url("answer", session.meeting), {"text": "Samen koken helpt"})
    assert response.status_code == 302
    assert "Samen koken helpt" in client.get(_url("state", session.meeting)).content.decode()
    for other in (member, begeleider):
        client.force_login(other)
        assert "Samen koken helpt" not in client.get(_url("state", session.meeting)).content.decode()
    session_reveal_next(session=session, by=member, expected_version=1)
    client.force_login(begeleider)
    html = client.get(_url("state", session.meeting)).content.decode()
    assert "Erin Smit:</strong> Samen koken helpt" in html


def test_silent_answer_htmx_keeps_text_on_error(client, session, member, erin):
    session_next(session=session, by=member, expected_version=0)
    client.force_login(erin)
    too_long = "x" * 2001
    response = client.post(_url("answer", session.meeting), {"text": too_long}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "maximaal 2000 tekens" in html
    assert too_long in html
    assert SilentAnswer.objects.count() == 0


def test_silent_answer_plain_post_error_keeps_text(client, session, erin):
    client.force_login(erin)
    response = client.post(_url("answer", session.meeting), {"text": "Mijn idee"})
    assert response.status_code == 200
    assert "geen stille schrijfstap" in response.content.decode()


def test_private_note_only_for_writer(client, session, member, erin):
    client.force_login(erin)
    client.post(_url("note", session.meeting), {"text": "Mijn eigen gedachte"})
    assert StepNote.objects.get().is_group_note is False
    assert "Mijn eigen gedachte" in client.get(_url("state", session.meeting)).content.decode()
    client.force_login(member)
    assert "Mijn eigen gedachte" not in client.get(_url("state", session.meeting)).content.decode()


def test_group_note_by_chair_visible_to_all(client, session, member, erin):
    client.force_login(member)
    client.post(_url("note", session.meeting), {"text": "Thema: grenzen stellen", "group": "1"})
    client.force_login(erin)
    assert "Thema: grenzen stellen" in client.get(_url("state", session.meeting)).content.decode()
    assert client.post(_url("note", session.meeting), {"text": "Ik ook", "group": "1"}).status_code == 404
    assert StepNote.objects.filter(is_group_note=True).get().text == "Thema: grenzen stellen"


# --- Start page -----------------------------------------------------------------------------------------------


def test_start_page_starts_session(client, meeting, method, case, member, erin, begeleider):
    client.force_login(begeleider)
    html = client.get(_url("start", meeting)).content.decode()
    assert "Drie stappen" in html and "Ruzie aan tafel" in html
    response = client.post(
        _url("start", meeting),
        {"method": method.pk, "case": case.pk, "chair": member.pk, "bringer": erin.pk, "timekeeper": ""},
    )
    assert response["Location"] == _url("session", meeting)
    session = LiveSession.objects.get()
    assert (session.chair, session.bringer, session.case) == (member, erin, case)


def test_start_page_preselects_planned_method_and_the_cases_bringer(
    client, meeting, method, case, erin, begeleider
):
    method.tag = MethodFactory(name="Drie stappen", slug="drie-stappen")
    method.save(update_fields=["tag"])
    meeting.method = method.tag
    meeting.save(update_fields=["method"])
    case.meeting = meeting
    case.save(update_fields=["meeting"])
    client.force_login(begeleider)
    html = client.get(_url("start", meeting)).content.decode()
    assert f'<option value="{method.pk}" selected>Drie stappen</option>' in html
    assert f'<option value="{case.pk}" selected>Ruzie aan tafel</option>' in html
    assert f'<option value="{erin.pk}" selected>Erin Smit</option>' in html
    assert (
        f'<option value="{begeleider.pk}" selected>Bea Begeleider</option>' in html
    )  # the chair: who starts
    assert "Alvast gekozen: de methode die voor deze bijeenkomst gepland is." in html


def test_start_page_requires_method_and_chair(client, meeting, begeleider):
    client.force_login(begeleider)
    response = client.post(_url("start", meeting), {"method": "", "chair": ""})
    assert response.status_code == 200
    assert response.content.decode().count("Dit veld is verplicht") == 2
    assert LiveSession.objects.count() == 0


@pytest.mark.parametrize("who", ["erin", "member"])
def test_start_page_404_for_plain_members(client, request, meeting, method, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url("start", meeting)).status_code == 404


def test_start_page_for_planner(client, meeting, method, erin, group):
    membership = group.memberships.get(user=erin)
    membership.is_planner = True
    membership.save()
    client.force_login(erin)
    assert client.get(_url("start", meeting)).status_code == 200


def test_start_page_after_start_redirects(client, session, begeleider):
    client.force_login(begeleider)
    assert client.get(_url("start", session.meeting))["Location"] == _url("session", session.meeting)


# --- Closing page and look-back -----------------------------------------------------------------------------


def test_close_page_before_end_redirects(client, session, erin):
    client.force_login(erin)
    assert client.get(_url("close", session.meeting))["Location"] == _url("session", session.meeting)


def test_close_page_saves_takeaway(client, session, member, erin):
    step_note_save(session=session, user=member, text="Groepsafspraak", is_group_note=True)
    session_end(session=session, by=member, expected_version=0)
    client.force_login(erin)
    html = client.get(_url("close", session.meeting)).content.decode()
    assert "Wat neem je mee?" in html and "Groepsafspraak" in html
    assert f'href="{reverse("reflections:meeting", args=[session.meeting.pk])}"' in html
    response = client.post(_url("close", session.meeting), {"text": "Meer rust aan tafel"})
    assert response.status_code == 302
    assert Takeaway.objects.get(user=erin).text == "Meer rust aan tafel"
    response = client.post(_url("close", session.meeting), {"text": ""})
    assert "Schrijf op wat je meeneemt" in response.content.decode()


def _next_links(html: str) -> dict[str, str]:
    """The "Hoe verder?" buttons on the close page: label -> address."""
    section = html[html.index('id="next-title"') :]
    section = section[: section.index("</section>")]
    return {
        label: href
        for href, label in re.findall(r'<a class="button[^"]*" href="([^"]+)">([^<]+)</a>', section)
    }


def _ended(session, member):
    """The session ran during its meeting, which began an hour ago, and the chair ended it."""
    meeting = session.meeting
    meeting.starts_at = timezone.now() - dt.timedelta(hours=1)
    meeting.ends_at = meeting.starts_at + dt.timedelta(hours=2)
    meeting.save(update_fields=["starts_at", "ends_at"])
    return session_end(session=session, by=member, expected_version=0)


def test_close_page_begeleider_gets_attendance_and_evaluations_not_a_reflection(
    client, session, member, begeleider
):
    session = _ended(session, member)
    meeting = session.meeting
    client.force_login(begeleider)
    links = _next_links(client.get(_url("close", meeting)).content.decode())
    assert links == {
        "Aanwezigheid registreren": reverse("meetings:attendance", args=[meeting.pk]),
        "Evaluaties van de groep bekijken": reverse("reflections:evaluations", args=[meeting.group.slug]),
    }
    for href in links.values():
        assert client.get(href).status_code == 200
    assert client.get(reverse("reflections:meeting", args=[meeting.pk])).status_code == 404


def test_close_page_member_goes_to_reflection_and_evaluation(client, session, member, erin):
    session = _ended(session, member)
    meeting = session.meeting
    client.force_login(erin)
    links = _next_links(client.get(_url("close", meeting)).content.decode())
    assert links == {"Naar je reflectie en de evaluatie": reverse("reflections:meeting", args=[meeting.pk])}
    response = client.get(links["Naar je reflectie en de evaluatie"])
    assert "Reflectie op Bijeenkomst november" in response.content.decode()


def test_close_page_chair_who_plans_also_registers_attendance(client, session, member, group):
    session = _ended(session, member)
    meeting = session.meeting
    group.memberships.filter(user=member).update(is_planner=True)
    client.force_login(member)
    links = _next_links(client.get(_url("close", meeting)).content.decode())
    assert links == {
        "Naar je reflectie en de evaluatie": reverse("reflections:meeting", args=[meeting.pk]),
        "Aanwezigheid registreren": reverse("meetings:attendance", args=[meeting.pk]),
        "Evaluaties van de groep bekijken": reverse("reflections:evaluations", args=[meeting.group.slug]),
    }
    for href in links.values():
        assert client.get(href).status_code == 200


def test_close_page_plain_chair_writes_a_reflection_only(client, session, member):
    session = _ended(session, member)
    client.force_login(member)
    links = _next_links(client.get(_url("close", session.meeting)).content.decode())
    assert list(links) == ["Naar je reflectie en de evaluatie"]


def test_look_back_shown_to_bringer_at_next_session_page(client, session, member, erin, group):
    session_end(session=session, by=member, expected_version=0)
    next_meeting = MeetingFactory(group=group, starts_at=session.meeting.starts_at + dt.timedelta(weeks=6))
    client.force_login(erin)
    html = client.get(_url("session", next_meeting)).content.decode()
    assert "Hoe ging het met je vraag van de vorige keer?" in html
    assert "Ruzie aan tafel" in html
    client.force_login(member)
    assert "Hoe ging het met je vraag" not in client.get(_url("session", next_meeting)).content.decode()
