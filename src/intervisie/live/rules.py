"""Who may do what in a guided live session.

The session page shows the case and what people wrote, so it follows the case rules (cases/rules.py):
the group's begeleider and members, and someone on trial for meetings from their trial's start. Not
someone in kennismaking, organisation managers or platform admins (404), even though they may see the
meeting itself. Every permission here is confidential: no superuser or staff flag opens it.
"""

import rules

from intervisie.cases.rules import reads_meeting_cases
from intervisie.common.permissions import add_confidential_perm, is_person
from intervisie.meetings.rules import is_meeting_begeleider, plans_meeting_group

# The circle of a meeting: whoever may read its cases.
in_meeting_circle = reads_meeting_cases


@rules.predicate
def is_session_chair(user, session):
    return session is not None and is_person(user, session.chair_id)


@rules.predicate
def in_session_circle(user, session):
    return session is not None and in_meeting_circle(user, session.meeting)


@rules.predicate
def is_session_begeleider(user, session):
    return session is not None and is_meeting_begeleider(user, session.meeting)


# meeting objects
add_confidential_perm("live.view_session", in_meeting_circle)
# Planners (meetings.change_meeting) may start a session, but only from inside the circle: the start
# page lists the group's cases.
add_confidential_perm("live.start_session", is_meeting_begeleider | (plans_meeting_group & in_meeting_circle))
# session objects: the chair leads while they are still in the circle (a chair who left does not).
add_confidential_perm("live.lead_session", (is_session_chair & in_session_circle) | is_session_begeleider)
