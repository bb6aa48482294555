"""Print the demo accounts, their password and a fresh two-factor code (``make run`` calls this)."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand

from intervisie.accounts.enums import Role
from intervisie.accounts.models import User
from intervisie.accreditation.models import Certificate
from intervisie.demo.base import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET
from intervisie.demo.people import MEMBER_USERS, ROLE_USERS
from intervisie.groups.enums import PARTICIPANT_STATES
from intervisie.groups.models import Membership
from intervisie.programmes.models import PartnerContact, Programme, Signup
from intervisie.trajectories.models import Trajectory


def current_totp_code(secret: str, *, now: float | None = None) -> tuple[str, int]:
    """The code an authenticator app shows right now for ``secret``, and the seconds it stays valid."""
    now = time.time() if now is None else now
    period = mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, int(now) // period)), period - int(now) % period


class Command(BaseCommand):
    help = "Toont de demo-accounts met wachtwoord en de huidige code voor tweestapsverificatie."

    def handle(self, *args, **options):
        users = {u.email: u for u in User.objects.filter(email__in=[s.email for s in ROLE_USERS])}
        if not users:
            self.stdout.write("Er zijn nog geen demo-accounts. Draai eerst: manage.py load_demo")
            return
        totp = {
            a.user_id: decrypt(a.data["secret"])
            for a in Authenticator.objects.filter(user__in=users.values(), type=Authenticator.Type.TOTP)
        }
        code, seconds = current_totp_code(DEMO_TOTP_SECRET)
        width = max(len(email) for email in users) + 2
        out = self.stdout.write
        out("")
        out(self.style.MIGRATE_HEADING("Demo-accounts"))
        out(f"Wachtwoord voor alle accounts: {DEMO_PASSWORD}")
        out("")
        pw_width = len(DEMO_PASSWORD) + 2
        out(
            f"{'E-mailadres'.ljust(width)}{'Wachtwoord'.ljust(pw_width)}{'Rollen'.ljust(26)}Tweestapsverificatie"
        )
        out(f"{'-' * (width - 2)}  {'-' * (pw_width - 2)}  {'-' * 24}  {'-' * 20}")
        for spec in ROLE_USERS:
            user = users.get(spec.email)
            if user is None:
                continue
            roles = ", ".join(sorted(Role(r).value for r in user.role_set)) or "-"
            if user.is_superuser:
                roles += " (superuser)"
            elif user.is_staff:
                roles += " (beheer)"
            secret = totp.get(user.pk)
            if secret is None:
                mfa = "verplicht, nog niet ingesteld" if user.requires_mfa else "-"
            elif secret == DEMO_TOTP_SECRET:
                mfa = f"code {code}"
            else:
                mfa = "eigen authenticator-app"
            out(f"{spec.email.ljust(width)}{DEMO_PASSWORD.ljust(pw_width)}{roles.ljust(26)}{mfa}")
        out(
            f"Daarnaast {len(MEMBER_USERS)} demo-leden met hetzelfde wachtwoord, "
            f"bijvoorbeeld {MEMBER_USERS[0].email}."
        )
        out("")
        certificate = (
            Certificate.objects.filter(user__email=ROLE_USERS[0].email, revoked_at__isnull=True)
            .order_by("issued_at", "pk")
            .first()
        )
        if certificate is not None:
            out(f"Voorbeeld-certificaat: {certificate.code}, controleer op /verifieer/{certificate.code}/")
        revoked = Certificate.objects.filter(
            user__email__endswith=f"@{DEMO_DOMAIN}", revoked_at__isnull=False
        )
        revoked = revoked.order_by("issued_at", "pk").first()
        if revoked is not None:
            out(f"Ingetrokken certificaat: {revoked.code}, controleer op /verifieer/{revoked.code}/")
        self._guided(out)
        self._programmes(out)
        out("")
        out(f"Geheime TOTP-sleutel van de demo-accounts: {DEMO_TOTP_SECRET}")
        out("Zet die in een authenticator-app, of gebruik de code hierboven.")
        out(f"De code {code} is nog {seconds} seconden geldig en werkt één keer per account.")
        out("Een nieuwe code: PYTHONPATH=src .venv/bin/python manage.py demo_logins")
        out("")

    def _guided(self, out) -> None:
        """A participant's account per guided trajectory that has a group, to see it from their side."""
        trajectories = list(
            Trajectory.objects.filter(group__isnull=False).select_related("group").order_by("pk")
        )
        first = {}
        for membership in (
            Membership.objects.filter(
                group__in=[t.group_id for t in trajectories], state__in=PARTICIPANT_STATES
            )
            .select_related("user")
            .order_by("user__email")
        ):
            first.setdefault(membership.group_id, membership.user.email)
        rows = [(t, first[t.group_id]) for t in trajectories if t.group_id in first]
        if not rows:
            return
        out("")
        out("Deelnemers van begeleide trajecten (zelfde wachtwoord):")
        for trajectory, email in rows:
            out(f"  {email}: {trajectory.organisation_name} ({trajectory.get_state_display().lower()})")

    def _programmes(self, out) -> None:
        """Per "buiten je bubbel" programme: its kartrekker, a partner contact and a placed participant."""
        programmes = list(Programme.objects.select_related("kartrekker").order_by("pk"))
        if not programmes:
            return
        contacts, participants = {}, {}
        for link in PartnerContact.objects.select_related("partner", "user").order_by("user__email"):
            contacts.setdefault(link.partner.programme_id, (link.user.email, link.partner.name))
        for signup in Signup.objects.filter(status="placed", user__isnull=False).select_related("user"):
            participants.setdefault(signup.programme_id, signup.user.email)
        out("")
        out("Buiten je bubbel-programma's (zelfde wachtwoord):")
        for programme in programmes:
            out(f"  {programme.name} ({programme.get_status_display().lower()}):")
            out(f"    kartrekker: {programme.kartrekker.email}")
            if programme.pk in contacts:
                email, partner = contacts[programme.pk]
                out(f"    partner ({partner}): {email}")
            if programme.pk in participants:
                out(f"    deelnemer: {participants[programme.pk]}")
