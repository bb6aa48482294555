"""The authorisation matrix: every URL pattern, filled with real objects, for every role → the status
a request gets, and for every answer: no confidential text the role may not read.

The roles are in tests/authorisation_world.py: anonymous, a member of the group, a member of another
group, kennismaking, proefperiode, requested, waitlisted, former member, the begeleider, a begeleider of
another group, an organisation manager, an event organiser, a staff admin (the beheerder role) and a
superuser. Each row of ``MATRIX`` names a URL, how to fill it, the method and the expected status per
role (``star``: every role not named). POST rows send an empty form (unless ``data`` says otherwise),
and every request runs in a transaction that is rolled back, so a permitted request changes nothing for
the next role. A URL pattern missing from the matrix fails ``test_every_url_is_in_the_matrix`` until it
is added (or its prefix is listed in ``NOT_IN_MATRIX`` with the reason).

Statuses: 200 page, 302 redirect (anonymous: to the login page), 400 a form with errors, 403 see the
note at the coach invitation, 404 "not there for you".
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authorisation_world import READERS, ROLES, World, build_world

# The test database is only set up for modules that ask for it; each test then runs in a savepoint of
# the module's world transaction.
pytestmark = pytest.mark.django_db

ANON = "anonymous"


def _no_args(world: World) -> list:
    return []


def _no_data(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    name: str
    args: Callable[[World], list] = _no_args
    expect: dict = field(default_factory=dict)  # role -> status; "*" for every role not named
    method: str = "GET"
    data: Callable[[World], dict] = _no_data  # what a POST sends (empty: nothing is changed)

    def status_for(self, role: str) -> int:
        return self.expect.get(role, self.expect["*"])


def row(name, args=_no_args, *, method="GET", data=_no_data, **expect) -> Row:
    """``row("cases:detail", CASE, star=404, anonymous=302, member=200)``: ``star`` is every role not
    named."""
    expect["*"] = expect.pop("star")
    return Row(name, args, expect, method, data)


def G(w: World) -> list:
    return [w.group.slug]


def RECENT(w: World) -> list:
    return [w.recent_meeting.pk]


def EVENT(w: World) -> list:
    return [w.event.slug]


def P(w: World) -> list:
    return [w.programme.slug]


def P_STUDENT(w: World) -> list:
    return [w.programme.slug, "student"]


def PDATE(w: World) -> list:
    return [w.programme.slug, w.programme.dates.order_by("pk").first().pk]


def PARTNER_PK(w: World) -> list:
    return [w.programme.slug, w.partner.pk]


def RUNNING(w: World) -> list:
    return [w.running_programme.slug]


# A programme's begeleiders read its overview, dates, groups, board and report.
GUIDES = {"begeleider": 200, "other_begeleider": 200}


# Reading notes for the rows below:
# - anonymous 302: the page needs a login; 404: not there for this person (never a hint that it exists).
# - confidential pages (cases, live session, reflections, evidence) are the circle's only: a superuser or
#   staff admin gets 404 like any outsider; kennismaking reads no case; the trial reads the recent
#   meeting's case (after the trial began) but not the old one.
# - a platform admin (staff: the beheerder role) and a superuser manage groups, organisations and the
#   planning of meetings, never evidence or attendance; an event is managed by its own organisers only.
# - events:coach_invite answers 403 to a logged-in person with another e-mail address than the invited
#   one: the link itself is the secret, and the page tells them to log in with the invited address.
# - a permitted POST with an empty form answers 400 (or 200/302 where the page shows the form again or
#   goes back), never 500.
MATRIX: list[Row] = [
    row("home", star=200),
    row("about", star=200),
    row("directory:search", star=200),
    row("groups:mine", star=200, anonymous=302),
    row(
        "groups:manage",
        star=404,
        anonymous=302,
        begeleider=200,
        other_begeleider=200,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row(
        "groups:membership",
        lambda w: [w.requested_membership.pk],
        star=404,
        anonymous=302,
        requested=200,
        begeleider=200,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row(
        "groups:membership_action",
        lambda w: [w.requested_membership.pk, "decline"],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=200,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row("directory:detail", G, star=200),
    row("groups:join", G, star=200, anonymous=302),
    row("groups:members", G, star=404, anonymous=302, begeleider=200, manager=200, staff=200, superuser=200),
    row(
        "groups:verify_registration",
        lambda w: [w.group.slug, w.users["member"].pk],
        method="POST",
        star=404,
        anonymous=302,
        manager=302,
        staff=302,
        superuser=302,
    ),
    row("directory:embed", star=200),
    row("organisations:list", star=200, anonymous=302, manager=302),
    row(
        "organisations:dashboard",
        lambda w: [w.organisation.slug],
        star=404,
        anonymous=302,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row(
        "organisations:group_create",
        lambda w: [w.organisation.slug],
        star=404,
        anonymous=302,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row(
        "organisations:group_edit",
        lambda w: [w.organisation.slug, w.group.slug],
        star=404,
        anonymous=302,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row(
        "organisations:groups_export",
        lambda w: [w.organisation.slug],
        star=404,
        anonymous=302,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row(
        "organisations:groups_import",
        lambda w: [w.organisation.slug],
        star=404,
        anonymous=302,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row("meetings:mine", star=200, anonymous=302),
    row(
        "meetings:group_meetings",
        G,
        star=200,
        anonymous=302,
        other_member=404,
        requested=404,
        waitlisted=404,
        former=404,
        other_begeleider=404,
        organiser=404,
    ),
    row("meetings:plan", G, star=404, anonymous=302, begeleider=200, manager=200, staff=200, superuser=200),
    row(
        "meetings:plan_series",
        G,
        star=404,
        anonymous=302,
        begeleider=200,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row(
        "meetings:charter",
        G,
        star=200,
        anonymous=302,
        other_member=404,
        requested=404,
        waitlisted=404,
        former=404,
        other_begeleider=404,
        organiser=404,
    ),
    row(
        "meetings:charter_new",
        G,
        star=404,
        anonymous=302,
        begeleider=200,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row(
        "meetings:charter_agree",
        G,
        method="POST",
        star=404,
        anonymous=302,
        member=302,
        introduction=302,
        trial=302,
    ),
    row(
        "meetings:detail",
        RECENT,
        star=200,
        anonymous=302,
        other_member=404,
        requested=404,
        waitlisted=404,
        former=404,
        other_begeleider=404,
        organiser=404,
    ),
    row(
        "meetings:rsvp",
        lambda w: [w.future_meeting.pk],
        method="POST",
        star=404,
        anonymous=302,
        member=200,
        introduction=200,
        trial=200,
    ),
    row(
        "meetings:edit",
        lambda w: [w.future_meeting.pk],
        star=404,
        anonymous=302,
        begeleider=200,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row(
        "meetings:cancel",
        lambda w: [w.future_meeting.pk],
        star=404,
        anonymous=302,
        begeleider=200,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row("meetings:attendance", RECENT, star=404, anonymous=302, begeleider=200, manager=200),
    row(
        "meetings:meeting_ics",
        RECENT,
        star=200,
        anonymous=302,
        other_member=404,
        requested=404,
        waitlisted=404,
        former=404,
        other_begeleider=404,
        organiser=404,
    ),
    row("meetings:attendance_to_confirm", star=200, anonymous=302),
    row(
        "meetings:attendance_confirm",
        lambda w: [w.attendance.pk],
        method="POST",
        star=404,
        anonymous=302,
        member=302,
    ),
    row("meetings:attendance_dispute", lambda w: [w.attendance.pk], star=404, anonymous=302, member=200),
    row("meetings:calendar_feed", star=200, anonymous=302),
    row("meetings:calendar_feed_reset", method="POST", star=302, member=200),
    row("meetings:calendar_feed_ics", lambda w: [w.feed.token], star=200),
    row("accreditation:overview", star=200, anonymous=302),
    row("accreditation:enrolment_add", method="POST", star=400, anonymous=302),
    row("accreditation:enrolment_delete", lambda w: [w.enrolment.pk], star=404, anonymous=302, member=200),
    row("accreditation:export_csv", star=200, anonymous=302),
    row(
        "accreditation:statement_pdf",
        lambda w: [w.statement.pk],
        star=404,
        anonymous=302,
        member=200,
        begeleider=200,
    ),
    row(
        "accreditation:certificate_pdf",
        lambda w: [w.certificate.code],
        star=404,
        anonymous=302,
        member=200,
        begeleider=200,
        manager=200,
    ),
    row(
        "accreditation:evidence",
        G,
        star=404,
        anonymous=302,
        member=200,
        introduction=200,
        trial=200,
        former=200,
    ),
    row(
        "accreditation:attendance_list_pdf",
        G,
        star=404,
        anonymous=302,
        member=200,
        introduction=200,
        trial=200,
        former=200,
        begeleider=200,
        manager=200,
    ),
    row(
        "accreditation:reflection_pdf",
        G,
        star=404,
        anonymous=302,
        member=200,
        introduction=200,
        trial=200,
        former=200,
    ),
    row("accreditation:statements", G, star=404, anonymous=302, begeleider=200),
    row("accreditation:certificates", G, star=404, anonymous=302, begeleider=200, manager=200),
    row(
        "accreditation:certificate_revoke",
        lambda w: [w.group.slug, w.certificate.pk],
        star=404,
        anonymous=302,
        begeleider=200,
        manager=200,
    ),
    row(
        "accreditation:statement_revoke",
        lambda w: [w.group.slug, w.statement.pk],
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row("verify:certificate", lambda w: [w.statement.code], star=200),
    row("verify:form", star=200),
    row("trajectories:providers", star=200),
    row("trajectories:request", star=200),
    row("trajectories:request", method="POST", star=200),
    row("trajectories:request_sent", star=200),
    row("trajectories:provider_request", lambda w: [w.provider.slug], star=200),
    row("trajectories:follow", lambda w: [w.trajectory.follow_token], star=200),
    row("trajectories:follow", lambda w: [w.trajectory.follow_token], method="POST", star=302),
    # An invitee's own page and the group's sign-up link: the token is the key, as for the client.
    row("trajectories:expectations", lambda w: [w.intro_invite.token], star=200),
    row("trajectories:intro_join", lambda w: [w.trajectory.intro_token], star=200),
    # The quote's signed link is the client's key, as the follow token is.
    row("trajectories:quote_answer", lambda w: [w.quote_value], star=200),
    row("trajectories:quote_answer", lambda w: [w.quote_value], method="POST", star=302),
    row("trajectories:quote_answer_pdf", lambda w: [w.quote_value], star=200),
    row("trajectories:quote_pdf", lambda w: [w.trajectory.pk], star=404, anonymous=302, begeleider=200),
    # A participant's invitation: the token is the key; taking it up needs an account (and a running
    # trajectory: this one is not, so every logged-in taker is sent back with the message).
    row("trajectories:participate", lambda w: [w.participant_invite.token], star=200),
    row("trajectories:participate", lambda w: [w.participant_invite.token], method="POST", star=302),
    # The reader: the trajectory's group (Groep A) and the provider's begeleiders; no flag opens it.
    row(
        "trajectories:reader",
        lambda w: [w.trajectory.pk],
        star=404,
        anonymous=302,
        member=200,
        introduction=200,
        trial=200,
        begeleider=200,
    ),
    row(
        "trajectories:reader_document",
        lambda w: [w.trajectory.pk, w.reader_document.pk],
        star=404,
        anonymous=302,
        member=200,
        introduction=200,
        trial=200,
        begeleider=200,
    ),
    row(
        "trajectories:reader_upload",
        lambda w: [w.trajectory.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row(
        "trajectories:reader_remove",
        lambda w: [w.trajectory.pk, w.reader_document.pk],
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row(
        "trajectories:reader_remove",
        lambda w: [w.trajectory.pk, w.reader_document.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=302,
    ),
    row(
        "trajectories:meeting_aspects",
        lambda w: [w.trajectory.pk, w.recent_meeting.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=302,
    ),
    # A client's own requests: everyone logged in has the page (empty unless they asked for one).
    row("trajectories:mine", star=200, anonymous=302),
    # The report: the group's voters (trial, member) read and answer it; the begeleider writes it; the client
    # downloads the sent PDF with the follow token. No flag opens it.
    row("trajectories:report", lambda w: [w.trajectory.pk], star=404, anonymous=302, member=200, trial=200),
    row(
        "trajectories:report",
        lambda w: [w.trajectory.pk],
        method="POST",
        star=404,
        anonymous=302,
        member=302,
        trial=302,
    ),
    row("trajectories:report_edit", lambda w: [w.trajectory.pk], star=404, anonymous=302, begeleider=200),
    row(
        "trajectories:report_edit",
        lambda w: [w.trajectory.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=302,
    ),
    row(
        "trajectories:report_start",
        lambda w: [w.trajectory.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=302,
    ),
    row(
        "trajectories:report_share",
        lambda w: [w.trajectory.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=302,
    ),
    row(
        "trajectories:report_send",
        lambda w: [w.trajectory.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row("trajectories:report_pdf", lambda w: [w.trajectory.pk], star=404, anonymous=302, begeleider=200),
    row("trajectories:report_client_pdf", lambda w: [w.trajectory.follow_token], star=200),
    # Invoices: the provider's begeleiders (nothing is due in state "requested": making one redirects back);
    # the client downloads theirs with the follow token; the bookkeeping pages for the provider's owners.
    row("trajectories:invoices", lambda w: [w.trajectory.pk], star=404, anonymous=302, begeleider=200),
    row("trajectories:invoice_make", lambda w: [w.trajectory.pk], star=404, anonymous=302, begeleider=302),
    row(
        "trajectories:invoice_make",
        lambda w: [w.trajectory.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=302,
    ),
    row(
        "trajectories:invoice_make_meeting",
        lambda w: [w.trajectory.pk, w.recent_meeting.pk],
        star=404,
        anonymous=302,
        begeleider=302,
    ),
    row(
        "trajectories:invoice_make_meeting",
        lambda w: [w.trajectory.pk, w.recent_meeting.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=302,
    ),
    row(
        "trajectories:invoice_paid",
        lambda w: [w.trajectory.pk, w.invoice.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row(
        "trajectories:invoice_credit",
        lambda w: [w.trajectory.pk, w.invoice.pk],
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row(
        "trajectories:invoice_credit",
        lambda w: [w.trajectory.pk, w.invoice.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row(
        "trajectories:invoice_pdf",
        lambda w: [w.trajectory.pk, w.invoice.pk],
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row("trajectories:follow_invoice_pdf", lambda w: [w.trajectory.follow_token, w.invoice.pk], star=200),
    row("trajectories:bookkeeping", lambda w: [w.provider.slug], star=404, anonymous=302, begeleider=200),
    row(
        "trajectories:bookkeeping_csv",
        lambda w: [w.provider.slug, w.invoice.year],
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    # The provider's board: a begeleider who works for the provider; no flag opens a client's request.
    row("trajectories:board", star=200, anonymous=302),
    row("trajectories:detail", lambda w: [w.trajectory.pk], star=404, anonymous=302, begeleider=200),
    row(
        "trajectories:invite",
        lambda w: [w.trajectory.pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row(
        "trajectories:step",
        lambda w: [w.trajectory.pk, "talk_declined"],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    # A provider's own profile and begeleiders: the owners only; no flag opens them.
    row("providers:profile", lambda w: [w.provider.slug], star=404, anonymous=302, begeleider=200),
    row(
        "providers:profile",
        lambda w: [w.provider.slug],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row(
        "providers:member_add",
        lambda w: [w.provider.slug],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row(
        "providers:member_remove",
        lambda w: [w.provider.slug, w.provider.members.get().pk],
        star=404,
        anonymous=302,
        begeleider=200,
    ),
    row(
        "providers:member_remove",
        lambda w: [w.provider.slug, w.provider.members.get().pk],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=302,
    ),
    row("verify:certificate", lambda w: [w.certificate.code], star=200),
    row("cases:group_cases", G, star=404, anonymous=302, member=200, trial=200, begeleider=200),
    row("cases:create", G, star=404, anonymous=302, member=200, trial=200),
    row("cases:detail", lambda w: [w.old_case.pk], star=404, anonymous=302, member=200, begeleider=200),
    row(
        "cases:detail",
        lambda w: [w.recent_case.pk],
        star=404,
        anonymous=302,
        member=200,
        trial=200,
        begeleider=200,
    ),
    row("cases:edit", lambda w: [w.old_case.pk], star=404, anonymous=302, member=200),
    row("methods:library", star=200),
    row(
        "methods:group_list",
        G,
        star=200,
        anonymous=302,
        other_member=404,
        requested=404,
        waitlisted=404,
        former=404,
        other_begeleider=404,
        organiser=404,
    ),
    row(
        "methods:group_detail",
        lambda w: [w.group.slug, w.group_method.slug],
        star=200,
        anonymous=302,
        other_member=404,
        requested=404,
        waitlisted=404,
        former=404,
        other_begeleider=404,
        organiser=404,
    ),
    row(
        "methods:group_edit",
        lambda w: [w.group.slug, w.group_method.slug],
        star=404,
        anonymous=302,
        begeleider=200,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row("methods:detail", lambda w: [w.library_method.slug], star=200),
    row(
        "methods:copy",
        lambda w: [w.library_method.slug, w.group.slug],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=302,
        manager=302,
        staff=302,
        superuser=302,
    ),
    row("live:session", RECENT, star=404, anonymous=302, member=200, trial=200, begeleider=200),
    row("live:state", RECENT, star=404, anonymous=302, member=200, trial=200, begeleider=200),
    row("live:start", lambda w: [w.future_meeting.pk], star=404, anonymous=302, begeleider=200),
    row(
        "live:action",
        lambda w: [w.recent_meeting.pk, "afronden"],
        method="POST",
        star=404,
        anonymous=302,
        begeleider=302,
    ),
    row("live:answer", RECENT, method="POST", star=404, anonymous=302, member=200, trial=200, begeleider=200),
    row("live:note", RECENT, method="POST", star=404, anonymous=302, member=302, trial=302, begeleider=302),
    row("live:close", RECENT, star=404, anonymous=302, member=302, trial=302, begeleider=302),
    row("reflections:mine", star=200, anonymous=302),
    row("reflections:report_pdf", G, star=404, anonymous=302, member=200, introduction=200, trial=200),
    row("reflections:meeting", RECENT, star=404, anonymous=302, member=200, introduction=200, trial=200),
    row("reflections:shared", G, star=404, anonymous=302, begeleider=200),
    row(
        "reflections:evaluations",
        G,
        star=404,
        anonymous=302,
        begeleider=200,
        manager=200,
        staff=200,
        superuser=200,
    ),
    row("events:list", star=200),
    row("events:mine", star=200, anonymous=302),
    row("events:create", star=404, anonymous=302, organiser=200, staff=200, superuser=200),
    row("events:detail", EVENT, star=200),
    row("events:ics", EVENT, star=200),
    row("events:register", EVENT, star=200, anonymous=302, member=302, other_member=302),
    row("events:register_coach", EVENT, star=404, anonymous=302, begeleider=200, other_begeleider=200),
    row("events:coach_invite", lambda w: [w.event.slug, w.coach_invite.token], star=403, anonymous=302),
    row("events:cancel_registration", EVENT, star=404, anonymous=302, member=200, other_member=200),
    row("events:live", EVENT, star=404, anonymous=302, member=200, other_member=200, organiser=200),
    row("events:evaluate", EVENT, star=404, anonymous=302, member=200, other_member=200),
    row("events:manage", EVENT, star=404, anonymous=302, organiser=200),
    row("events:edit", EVENT, star=404, anonymous=302, organiser=200),
    row(
        "events:publish",
        lambda w: [w.draft_event.slug],
        method="POST",
        star=404,
        anonymous=302,
        organiser=302,
    ),
    row("events:cancel", EVENT, star=404, anonymous=302, organiser=200),
    row("events:delete_draft", lambda w: [w.draft_event.slug], star=404, anonymous=302, organiser=200),
    row("events:invite_coach", EVENT, method="POST", star=404, anonymous=302, organiser=400),
    row(
        "events:cancel_for",
        lambda w: [w.event.slug, w.registration.pk],
        star=404,
        anonymous=302,
        organiser=200,
    ),
    row("events:composition", EVENT, star=404, anonymous=302, organiser=200),
    row("events:compose", EVENT, method="POST", star=404, anonymous=302, organiser=400),
    row("events:move", EVENT, method="POST", star=404, anonymous=302, organiser=400),
    row(
        "events:lock",
        EVENT,
        method="POST",
        data=lambda w: {"registration": w.registration.pk, "locked": "0"},
        star=404,
        anonymous=302,
        organiser=200,
    ),
    row("events:publish_composition", EVENT, method="POST", star=404, anonymous=302, organiser=400),
    row("events:attendance", EVENT, star=404, anonymous=302, organiser=200),
    row("events:results", EVENT, star=404, anonymous=302, organiser=200),
    row("accounts:profile", star=200, anonymous=302),
    row("api-1.0.0:api-root", star=302),
    row("api-1.0.0:openapi-json", star=200),
    row("api-1.0.0:openapi-view", star=200),
    row("api-1.0.0:group_list", star=200),
    row("api-1.0.0:group_detail", G, star=200),
    row("api-1.0.0:organisation_list", star=200),
    row("api-1.0.0:method_list", star=200),
    # --- "Buiten je bubbel" programmes (issue 13). The organiser is the kartrekker; the begeleider and the
    # other begeleider guide its groups (they read the overview, dates, groups, board and report); the other
    # member is the contact of one partner; the member is placed in the running programme's group.
    row("programmes:list", star=200),
    row("programmes:detail", P, star=200),
    row("programmes:partner_link", lambda w: [w.programme.slug, w.partner.code], star=302),
    row(
        "programmes:partner_category_link", lambda w: [w.programme.slug, w.partner.code, "student"], star=302
    ),
    row("programmes:signup", lambda w: [w.programme.slug, "student"], star=200),
    row("programmes:signup", lambda w: [w.programme.slug, "student"], method="POST", star=200),
    row("programmes:signup_done", lambda w: [w.programme.slug, "student"], star=200),
    row("programmes:signup_recorded", P, star=200, anonymous=302),
    row("programmes:signup_follow", lambda w: [w.own_signup.token], star=200),
    row("programmes:signup_withdraw", lambda w: [w.own_signup.token], star=200),
    row("programmes:signup_link", lambda w: [w.own_signup.token], star=200, anonymous=302),
    row("programmes:parent_consent", lambda w: [w.young_signup.parent_token], star=200),
    row("programmes:partner_accept", lambda w: [w.partner.invite_token], star=200, anonymous=302),
    row("programmes:manage_list", star=200, anonymous=302),
    row("programmes:create", star=404, anonymous=302),
    row("programmes:manage", P, star=404, anonymous=302, organiser=200, **GUIDES),
    row("programmes:manage_edit", P, star=404, anonymous=302, organiser=200),
    row("programmes:manage_edit", P, method="POST", star=404, anonymous=302, organiser=200),
    row(
        "programmes:manage_status",
        lambda w: [w.programme.slug, "composing"],
        star=404,
        anonymous=302,
        organiser=200,
    ),
    row("programmes:manage_dates", P, star=404, anonymous=302, organiser=200, **GUIDES),
    row("programmes:manage_dates", P, method="POST", star=404, anonymous=302, organiser=200),
    row("programmes:manage_dates_five", P, star=404, anonymous=302, organiser=200),
    row("programmes:manage_date_edit", PDATE, star=404, anonymous=302, organiser=200),
    row("programmes:manage_date_remove", PDATE, star=404, anonymous=302, organiser=200),
    row("programmes:manage_groups", P, star=404, anonymous=302, organiser=200, **GUIDES),
    row("programmes:manage_partners", P, star=404, anonymous=302, organiser=200),
    row("programmes:manage_partners", P, method="POST", star=404, anonymous=302, organiser=200),
    row("programmes:manage_partner_edit", PARTNER_PK, star=404, anonymous=302, organiser=200),
    row(
        "programmes:manage_partner_resend", PARTNER_PK, method="POST", star=404, anonymous=302, organiser=302
    ),
    row("programmes:manage_partner_remove", PARTNER_PK, star=404, anonymous=302, organiser=200),
    row("programmes:manage_signups", P, star=404, anonymous=302, organiser=200),
    row("programmes:manage_signups_invite", P, method="POST", star=404, anonymous=302, organiser=302),
    row(
        "programmes:manage_signup_status",
        lambda w: [w.programme.slug, w.signup.pk, "declined"],
        star=404,
        anonymous=302,
        organiser=200,
    ),
    row("programmes:composition", P, star=404, anonymous=302, organiser=200, **GUIDES),
    # Composing is refused while the programme still recruits (the board shows why): 400.
    row("programmes:composition_compose", P, method="POST", star=404, anonymous=302, organiser=400),
    row("programmes:composition_move", P, method="POST", star=404, anonymous=302, organiser=400),
    row(
        "programmes:composition_pin",
        P,
        method="POST",
        data=lambda w: {"signup": w.signup.pk, "locked": "1"},
        star=404,
        anonymous=302,
        organiser=400,  # refused with the board's message while the programme still recruits
    ),
    row("programmes:composition_publish", P, star=404, anonymous=302, organiser=200),
    row("programmes:commitment", RUNNING, star=404, anonymous=302, member=200),
    row("programmes:partner_mine", star=200, anonymous=302),
    row("programmes:evaluation", RUNNING, star=404, anonymous=302, member=200),
    # The final evaluation opens after the last meeting: until then the member is sent to the overview.
    row("programmes:evaluation_final", RUNNING, star=404, anonymous=302, member=302),
    # A certificate of participation is for students: the member (a professional) gets none.
    row("programmes:evaluation_certificate", RUNNING, method="POST", star=404, anonymous=302),
    row(
        "programmes:evaluation_meeting",
        lambda w: [w.running_programme.slug, w.recent_meeting.pk],
        star=404,
        anonymous=302,
        member=200,
    ),
    row("programmes:harvest", RUNNING, star=404, anonymous=302, member=200),
    row("programmes:harvest", RUNNING, method="POST", star=404, anonymous=302, member=302),
    row("programmes:report", RUNNING, star=404, anonymous=302, organiser=200, **GUIDES),
    row("programmes:report_pdf", RUNNING, star=404, anonymous=302, organiser=200, **GUIDES),
    row("programmes:report_send", RUNNING, star=404, anonymous=302, organiser=200),
    row(
        "programmes:partner",
        lambda w: [w.programme.slug, w.partner.code],
        star=404,
        anonymous=302,
        other_member=200,
    ),
    row(
        "programmes:partner_report_pdf",
        lambda w: [w.programme.slug, w.partner.code],
        star=404,
        anonymous=302,
        other_member=200,
    ),
    row("programmes:recruitment", P, star=404, anonymous=302, organiser=200),
    row("programmes:recruitment_edit", P_STUDENT, star=404, anonymous=302, organiser=200),
    row("programmes:recruitment_preview", P_STUDENT, method="POST", star=404, anonymous=302, organiser=200),
    row("programmes:recruitment_sent", P_STUDENT, method="POST", star=404, anonymous=302, organiser=302),
    row("programmes:recruitment_reset", P_STUDENT, star=404, anonymous=302, organiser=200),
    row(
        "programmes:recruitment_qr",
        lambda w: [w.programme.slug, "student", w.partner.code],
        star=404,
        anonymous=302,
        organiser=200,
    ),
    row("api-1.0.0:programme_list", star=200),
    row("api-1.0.0:programme_detail", P, star=200),
    row("set_language", method="POST", star=302),
    row("admin:index", star=302, staff=200, superuser=200),
]

# URL name prefixes outside the matrix, with the reason. Everything else must have a row.
NOT_IN_MATRIX = {
    "admin:": "Django's admin: staff with model permissions (admin:index is in the matrix; test_admin.py files)",
    "account_": "allauth's login, sign-up, password and e-mail pages: about the person themselves",
    "mfa_": "allauth's two-factor pages: about the person themselves",
}


# --- Running -------------------------------------------------------------------------------------------


def _client_for(world: World, role: str) -> Client:
    client = Client()
    if role != ANON:
        client.force_login(world.users[role])
    return client


def _body_text(response) -> str:
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)
    return raw.decode("utf-8", errors="replace")


def _request(world: World, entry: Row, client: Client):
    """One request in a transaction that is rolled back: a permitted POST changes nothing for the
    next role."""
    url = reverse(entry.name, args=entry.args(world))
    with transaction.atomic():
        response = client.post(url, entry.data(world)) if entry.method == "POST" else client.get(url)
        body = _body_text(response)
        transaction.set_rollback(True)
    return url, response, body


def _leaks(role: str, body: str) -> list[str]:
    return [marker for marker, readers in READERS.items() if role not in readers and marker in body]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per test module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    """One client per role, logged in once (the sessions live in the module's world transaction)."""
    with django_db_blocker.unblock():
        return {role: _client_for(world, role) for role in ROLES}


def _patterns(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    names = set(_patterns())
    covered = {entry.name for entry in MATRIX}
    missing = sorted(n for n in names - covered if not n.startswith(tuple(NOT_IN_MATRIX)))
    assert missing == [], f"Add these URL patterns to MATRIX in tests/test_authorisation_matrix.py: {missing}"
    assert sorted(covered - names) == [], "Rows for URL names that no longer exist"


def test_matrix_covers_every_role_and_more_than_a_hundred_urls():
    """The matrix's size (for the issue note): URL patterns × roles."""
    assert len({entry.name for entry in MATRIX}) >= 100
    assert len(ROLES) == 14


@pytest.mark.parametrize("entry", MATRIX, ids=lambda entry: f"{entry.method} {entry.name}")
def test_matrix(entry, world, clients):
    wrong, leaks = [], []
    url = ""
    for role in ROLES:
        url, response, body = _request(world, entry, clients[role])
        expected = entry.status_for(role)
        if response.status_code != expected:
            wrong.append(f"{role}: {response.status_code} (expected {expected})")
        leaked = _leaks(role, body)
        if leaked:
            leaks.append(f"{role}: {leaked}")
    assert not wrong, f"{entry.method} {url}: " + "; ".join(wrong)
    assert not leaks, f"{entry.method} {url} shows confidential text to: " + "; ".join(leaks)


def test_the_circle_does_see_its_own_confidential_texts(world, clients):
    """The leak check is only worth something if the markers do show where they belong."""
    checks = [
        ("member", "cases:detail", [world.old_case.pk], "GEHEIM-A-OUDE-CASUS"),
        ("trial", "cases:detail", [world.recent_case.pk], "GEHEIM-A-RECENTE-CASUS"),
        ("begeleider", "reflections:shared", [world.group.slug], "GEHEIM-A-REFLECTIE"),
        ("trial", "live:session", [world.recent_meeting.pk], "GEHEIM-A-SESSIENOTITIE"),
        ("member", "live:session", [world.recent_meeting.pk], "GEHEIM-A-STIL-ANTWOORD"),
        ("other_member", "cases:detail", [world.other_case.pk], "GEHEIM-B-CASUS"),
        ("organiser", "programmes:manage_signups", [world.programme.slug], "GEHEIM-AANMELDER"),
        ("member", "programmes:harvest", [world.running_programme.slug], "GEHEIM-OOGST"),
        (
            "member",
            "programmes:evaluation_meeting",
            [world.running_programme.slug, world.recent_meeting.pk],
            "GEHEIM-EVALUATIEOPMERKING",
        ),
    ]
    for role, name, args, marker in checks:
        entry = Row(name, lambda w, a=args: a, {"*": 200})
        _url, response, body = _request(world, entry, clients[role])
        assert response.status_code == 200 and marker in body, (role, name)
