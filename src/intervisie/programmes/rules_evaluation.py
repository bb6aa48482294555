"""Who evaluates and who reads a participant's harvest (oogst). Both are the participant's own: the
permissions are confidential (common/permissions.py), so no superuser or staff flag opens them, and the
kartrekker, begeleiders and partners never see a private harvest or an individual evaluation (reports show
aggregates of at least MIN_GROUP_SIZE people, quotes and shared texts only with consent).

The object is the ``Signup``. Registered when this module is imported: ``views_evaluation`` imports it,
and ``programmes/rules.py`` should import it too (as trajectories/rules.py imports rules_report)."""

import rules

from intervisie.common.permissions import add_confidential_perm, is_person
from intervisie.programmes.enums import SignupStatus


@rules.predicate
def owns_signup(user, signup):
    """The account the sign-up was linked to: the participant themself."""
    return signup is not None and is_person(user, signup.user_id)


@rules.predicate
def is_placed(user, signup):
    return signup is not None and signup.status == SignupStatus.PLACED


# A placed participant evaluates the meetings of their own group and the programme as a whole.
add_confidential_perm("programmes.evaluate", owns_signup & is_placed)
# The private harvest is only ever the participant's: not the kartrekker's, a partner's or an admin's.
add_confidential_perm("programmes.view_harvest", owns_signup)
