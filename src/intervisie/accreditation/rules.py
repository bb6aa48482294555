"""Who may see and make evidence. Outsiders get 404 in every view.

Evidence (attendance lists, reflectieverklaringen, certificates) is confidential: every permission
here is registered with ``add_confidential_perm``, so no superuser or staff flag opens it. The
group's side of evidence belongs to whoever runs the group (its planners, begeleider and the
organisation's managers: ``meetings.rules.can_plan``), never to a platform admin as such.
"""

import rules

from intervisie.common.permissions import add_confidential_perm, is_person
from intervisie.groups.rules import is_group_begeleider, is_group_participant
from intervisie.meetings.rules import can_plan


@rules.predicate
def attended_group(user, group):
    """The person has attendance records in the group: also after leaving it, they need their evidence."""
    if not user or not user.is_authenticated or group is None:
        return False
    from intervisie.meetings.models import Attendance

    return Attendance.objects.filter(user=user, meeting__group=group).exists()


@rules.predicate
def owns_certificate(user, certificate):
    return certificate is not None and is_person(user, certificate.user_id)


@rules.predicate
def plans_certificate_group(user, certificate):
    return certificate is not None and can_plan(user, certificate.group)


@rules.predicate
def owns_or_signed_statement(user, statement):
    return statement is not None and (
        is_person(user, statement.user_id) or is_person(user, statement.signed_by_id)
    )


# A person's own attendance list and reflectieverklaring for a group: current participants (so the
# group page can always link to it) and everyone who was at its meetings, also after leaving.
add_confidential_perm("accreditation.view_own_evidence", attended_group | is_group_participant)
# The whole group's attendance lists and certificates: whoever runs the group.
add_confidential_perm("accreditation.view_group_evidence", can_plan)
# Only the group's own begeleider signs: a statement is a personal declaration, not an admin's.
add_confidential_perm("accreditation.sign_statements", is_group_begeleider)
add_confidential_perm("accreditation.download_certificate", owns_certificate | plans_certificate_group)
add_confidential_perm("accreditation.download_statement", owns_or_signed_statement)
