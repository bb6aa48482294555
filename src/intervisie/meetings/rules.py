"""Who may do what with a group's meetings. Outsiders get 404 in every view."""

import rules

from intervisie.accounts.rules import is_platform_admin
from intervisie.common.permissions import add_confidential_perm, is_person
from intervisie.groups.enums import PARTICIPANT_STATES
from intervisie.groups.rules import is_group_begeleider, is_group_participant, manages_group


@rules.predicate
def is_group_planner(user, group):
    if not user or not user.is_authenticated or group is None:
        return False
    return group.memberships.filter(user=user, state__in=PARTICIPANT_STATES, is_planner=True).exists()


@rules.predicate
def is_meeting_begeleider(user, meeting):
    return meeting is not None and is_group_begeleider(user, meeting.group)


@rules.predicate
def participates_in_meeting_group(user, meeting):
    return meeting is not None and is_group_participant(user, meeting.group)


@rules.predicate
def plans_meeting_group(user, meeting):
    return meeting is not None and (
        manages_group(user, meeting.group) or is_group_planner(user, meeting.group)
    )


@rules.predicate
def owns_attendance(user, attendance):
    return attendance is not None and is_person(user, attendance.user_id)


can_plan = manages_group | is_group_planner

rules.add_perm("meetings.view_group_meetings", is_group_participant | can_plan | is_platform_admin)
rules.add_perm("meetings.plan_meetings", can_plan | is_platform_admin)
rules.add_perm("meetings.edit_charter", can_plan | is_platform_admin)
rules.add_perm("meetings.agree_charter", is_group_participant)
rules.add_perm(
    "meetings.view_meeting", participates_in_meeting_group | plans_meeting_group | is_platform_admin
)
rules.add_perm("meetings.change_meeting", plans_meeting_group | is_platform_admin)
rules.add_perm("meetings.rsvp", participates_in_meeting_group)
# Attendance is evidence for a register: only the group's own planners write it, never an admin flag.
add_confidential_perm("meetings.register_attendance", plans_meeting_group)
rules.add_perm("meetings.confirm_attendance", owns_attendance)
