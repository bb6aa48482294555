"""Who may do what in a guided live session.

The session page shows the case title and what people wrote, so it is for the group's circle only:
its participants and its begeleider. Organisation managers and platform admins who are not in the
circle get 404 (case texts are confidential, DESIGN.md), even though they may see the meeting itself.
"""

import rules

from intervisie.groups.rules import is_group_participant
from intervisie.meetings.rules import plans_meeting_group


@rules.predicate
def is_meeting_begeleider(user, meeting):
    return bool(
        user and user.is_authenticated and meeting is not None and meeting.group.begeleider_id == user.pk
    )


@rules.predicate
def in_meeting_circle(user, meeting):
    return meeting is not None and (
        is_meeting_begeleider(user, meeting) or is_group_participant(user, meeting.group)
    )


@rules.predicate
def is_session_chair(user, session):
    return bool(user and user.is_authenticated and session is not None and session.chair_id == user.pk)


@rules.predicate
def is_session_begeleider(user, session):
    return session is not None and is_meeting_begeleider(user, session.meeting)


# meeting objects
rules.add_perm("live.view_session", in_meeting_circle)
# Planners (meetings.change_meeting) may start a session, but only from inside the circle: the start
# page lists the group's cases.
rules.add_perm("live.start_session", is_meeting_begeleider | (plans_meeting_group & in_meeting_circle))
# session objects
rules.add_perm("live.lead_session", is_session_chair | is_session_begeleider)
