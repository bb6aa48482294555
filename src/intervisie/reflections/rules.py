"""Who may write and read reflections and evaluations. Outsiders get 404 in every view.

Reflections belong to their writer. The begeleider reads only what was shared with them; organisation
managers and admins never read reflections, whatever their superuser or staff flag (confidential
permissions, common/permissions.py). Evaluations reach others only as averages (selectors).
"""

import rules

from intervisie.accounts.rules import is_platform_admin
from intervisie.common.permissions import add_confidential_perm
from intervisie.groups.rules import is_group_begeleider, is_group_participant
from intervisie.groups.selectors import took_part_in
from intervisie.meetings.rules import can_plan, participates_in_meeting_group


@rules.predicate
def took_part_in_meeting_group(user, meeting):
    """The person took part in the group on the meeting's date (a later joiner did not)."""
    return meeting is not None and took_part_in(
        user, meeting.group, starts_at=meeting.starts_at, ends_at=meeting.ends_at
    )


# Writing needs view_meeting too; a begeleider or manager who is not a participant does not write.
add_confidential_perm("reflections.write", participates_in_meeting_group & took_part_in_meeting_group)
add_confidential_perm("reflections.view_shared", is_group_begeleider)
# Averages only, from at least MIN_ANSWERS_FOR_AVERAGES answers: not confidential content.
rules.add_perm("reflections.view_evaluations", is_group_begeleider | can_plan | is_platform_admin)
add_confidential_perm("reflections.own_report", is_group_participant)
