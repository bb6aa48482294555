"""Changes to a provider: its profile and who works for it (issue 12).

Every change is saved, audit-logged and, where it concerns a person, told to that person by e-mail,
in that order and in one transaction. Who may make the change is the views' question
(``providers.manage_provider``); what the change may be is answered here.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from intervisie.accounts.enums import Role
from intervisie.common.audit import log_action
from intervisie.common.email import email_queue
from intervisie.providers.models import Provider, ProviderMember


class ProviderError(Exception):
    """A change that is not possible; the message is Dutch and meant for the person."""


def _lock(provider: Provider) -> Provider:
    """Lock the provider's row: changes to its begeleiders happen one at a time, so two owners who
    remove each other at the same moment cannot leave the provider without an owner."""
    return Provider.objects.select_for_update().get(pk=provider.pk)


@transaction.atomic
def provider_save(*, provider: Provider, methods, changed: list[str], by) -> Provider:
    """Save an owner's changes to the profile (fields already set on ``provider``; ``methods`` replace
    the chosen methods).

    Side effects, in order: save the provider; set its methods; audit log with the names of the
    changed fields (not their values: an IBAN does not belong in the log).
    """
    provider.save()
    provider.methods.set(methods)
    log_action(actor=by, action="provider.changed", obj=provider, data={"fields": sorted(changed)})
    return provider


def find_begeleider(*, email: str):
    """The account with ``email`` (any capitals) that has the begeleider role, or None."""
    return (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), roles__role=Role.BEGELEIDER, is_active=True)
        .first()
    )


@transaction.atomic
def provider_member_add(*, provider: Provider, email: str, is_owner: bool, by) -> ProviderMember:
    """Let the begeleider with account ``email`` work for ``provider`` (and manage it when
    ``is_owner``).

    Side effects, in order: lock the provider; check that the account exists with the begeleider
    role and does not work for the provider yet (``ProviderError`` otherwise, nothing changed);
    create the membership; audit log; e-mail the begeleider that they were added and by whom.
    """
    provider = _lock(provider)
    user = find_begeleider(email=email)
    if user is None:
        # One message for "no account" and "an account without the role": an owner learns no more
        # about someone's account than that it cannot be added yet, and what to do about it.
        raise ProviderError(
            _(
                "We vinden geen begeleider met dit e-mailadres. Vraag je collega om eerst een account "
                "te maken op Intervisiewijzer, met de rol 'Begeleider', en probeer het daarna opnieuw."
            )
        )
    if provider.members.filter(user=user).exists():
        raise ProviderError(
            _("%(name)s werkt al voor %(provider)s.") % {"name": user, "provider": provider.name}
        )
    member = ProviderMember.objects.create(provider=provider, user=user, is_owner=is_owner)
    log_action(
        actor=by,
        action="provider.member_added",
        obj=provider,
        data={"user": user.pk, "is_owner": is_owner},
    )
    email_queue(
        to=user,
        template="providers/email/member_added",
        context={
            "provider": provider,
            "by": by,
            "is_owner": is_owner,
            "board_link": settings.SITE_URL + reverse("trajectories:board"),
            "profile_link": settings.SITE_URL + reverse("providers:profile", args=[provider.slug]),
        },
    )
    return member


@transaction.atomic
def provider_member_remove(*, member: ProviderMember, by) -> None:
    """Stop ``member`` working for their provider. The provider always keeps at least one owner.

    Side effects, in order: lock the provider; check that the membership still exists and is not
    the last owner's (``ProviderError`` otherwise, nothing changed); delete it; audit log; e-mail
    the begeleider that they no longer work for the provider (unless they removed themselves).
    """
    provider = _lock(member.provider)
    member = ProviderMember.objects.filter(pk=member.pk).select_related("user").first()
    if member is None:
        raise ProviderError(
            _("Deze begeleider werkt al niet meer voor %(provider)s.") % {"provider": provider}
        )
    if member.is_owner and not provider.members.filter(is_owner=True).exclude(pk=member.pk).exists():
        raise ProviderError(
            _(
                "%(name)s is de enige die %(provider)s beheert en kan daarom niet weg. Voeg eerst een "
                "andere begeleider toe die de aanbieder mag beheren."
            )
            % {"name": member.user, "provider": provider.name}
        )
    user = member.user
    member.delete()
    log_action(actor=by, action="provider.member_removed", obj=provider, data={"user": user.pk})
    if user.pk != getattr(by, "pk", None):
        email_queue(
            to=user,
            template="providers/email/member_removed",
            context={"provider": provider, "by": by},
        )
