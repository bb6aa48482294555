"""Who may write and read reflections and evaluations. Outsiders get 404 in every view.

Reflections belong to their writer. The begeleider reads only what was shared with them; organisation
managers and admins never read reflections. Evaluations reach others only as averages (selectors).
"""

import rules

from intervisie.accounts.rules import is_platform_admin
from intervisie.groups.rules import is_group_participant
from intervisie.meetings.rules import can_plan


@rules.predicate
def is_group_begeleider(user, group):
    return bool(user and user.is_authenticated and group is not None and group.begeleider_id == user.pk)


@rules.predicate
def participates_in_meeting_group(user, meeting):
    return meeting is not None and is_group_participant(user, meeting.group)


# Writing needs view_meeting too; a begeleider or manager who is not a participant does not write.
rules.add_perm("reflections.write", participates_in_meeting_group)
rules.add_perm("reflections.view_shared", is_group_begeleider)
rules.add_perm("reflections.view_evaluations", is_group_begeleider | can_plan | is_platform_admin)
rules.add_perm("reflections.own_report", is_group_participant)
