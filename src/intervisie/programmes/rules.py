"""Who may do what in a programme. Sign-ups hold personal data (and, for young people, a parent's
consent), evaluations and harvests are a participant's own words: these permissions are confidential
(common/permissions.py), so no superuser or staff flag opens them."""

import rules

from intervisie.common.permissions import add_confidential_perm, is_person
from intervisie.organisations.models import Organisation
from intervisie.programmes.enums import INITIATOR_KINDS


@rules.predicate
def is_kartrekker(user, programme):
    return programme is not None and is_person(user, programme.kartrekker_id)


@rules.predicate
def manages_initiator(user, programme):
    if programme is None or not user or not user.is_authenticated:
        return False
    return Organisation.objects.filter(pk=programme.initiator_id, managers=user).exists()


@rules.predicate
def begeleids_in_programme(user, programme):
    if programme is None or not user or not user.is_authenticated:
        return False
    return programme.groups.filter(begeleider=user).exists()


@rules.predicate
def is_partner_contact(user, partner):
    if partner is None or not user or not user.is_authenticated:
        return False
    return partner.contact_links.filter(user=user).exists()


@rules.predicate
def may_start_programme(user):
    """A manager of a gemeente, kenniswerkplaats or opleiding."""
    if not user or not user.is_authenticated:
        return False
    return Organisation.objects.filter(managers=user, kind__in=INITIATOR_KINDS).exists()


# The kartrekker (or a manager of the initiator) runs the programme: partners, sign-ups, composition.
add_confidential_perm("programmes.manage_programme", is_kartrekker | manages_initiator)
# The begeleiders see the programme's overview and their own group's people (read only).
add_confidential_perm("programmes.view_programme", is_kartrekker | manages_initiator | begeleids_in_programme)
# A partner's page: its own recruits in counts (names only with consent), attendance, hours, report.
add_confidential_perm("programmes.view_partner", is_partner_contact)
rules.add_perm("programmes.start_programme", may_start_programme)

# The evaluation's and the harvest's permissions live with them; import them so they are registered.
from intervisie.programmes import rules_evaluation  # noqa: E402, F401
