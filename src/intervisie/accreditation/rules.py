"""Who may see and make evidence. Outsiders get 404 in every view.

Issuing certificates uses ``meetings.plan_meetings`` on the group (planners, the begeleider and
the organisation's managers), so there is one rule for "runs this group".
"""

import rules

from intervisie.accounts.rules import is_platform_admin
from intervisie.groups.rules import is_group_participant


@rules.predicate
def attended_group(user, group):
    """The person has attendance records in the group: also after leaving it, they need their evidence."""
    if not user or not user.is_authenticated or group is None:
        return False
    from intervisie.meetings.models import Attendance

    return Attendance.objects.filter(user=user, meeting__group=group).exists()


@rules.predicate
def is_group_begeleider(user, group):
    return bool(user and user.is_authenticated and group is not None and group.begeleider_id == user.pk)


@rules.predicate
def owns_certificate(user, certificate):
    return bool(user and user.is_authenticated and certificate is not None and certificate.user_id == user.pk)


@rules.predicate
def plans_certificate_group(user, certificate):
    return certificate is not None and user.has_perm("meetings.plan_meetings", certificate.group)


@rules.predicate
def owns_or_signed_statement(user, statement):
    return bool(
        user
        and user.is_authenticated
        and statement is not None
        and user.pk in (statement.user_id, statement.signed_by_id)
    )


# A person's own attendance list and reflectieverklaring for a group: current participants (so the
# group page can always link to it) and everyone who was at its meetings, also after leaving.
rules.add_perm("accreditation.view_own_evidence", attended_group | is_group_participant)
# Only the group's own begeleider signs: a statement is a personal declaration, not an admin's.
rules.add_perm("accreditation.sign_statements", is_group_begeleider)
rules.add_perm("accreditation.download_certificate", owns_certificate | plans_certificate_group)
rules.add_perm("accreditation.download_statement", owns_or_signed_statement | is_platform_admin)
