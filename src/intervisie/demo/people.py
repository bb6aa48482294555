"""Invented demo accounts: one per role (printed by ``manage.py demo_logins``) and the steady members
of the demo groups, all with the demo password; the privileged ones with the demo two-factor secret.

Everything here is made up: no real people. Idempotent: every account is keyed on its e-mail address
and only written when it differs. Roles go through ``accounts.domain`` (audited), the platform admin
gets the beheerder role's permissions through ``platform_admin_sync``.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password

from intervisie.accounts.domain import platform_admin_sync, user_set_roles
from intervisie.accounts.enums import Role, SupervisorRegister
from intervisie.accounts.models import User
from intervisie.demo.base import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET, upsert


@dataclass(frozen=True)
class DemoUser:
    key: str
    name: str
    roles: tuple[str, ...]
    phone: str = ""
    skj_number: str = ""
    skj_verified: bool = False
    registerplein_number: str = ""
    supervisor_register: str = ""
    staff: bool = False
    manages: tuple[str, ...] = ()
    # Two-factor login although no role or managed organisation of the directory asks for it yet (the
    # kartrekker manages the programmes demo's kenniswerkplaats, made in demo/programmes.py).
    mfa: bool = False

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


R = Role
# One account per role; the password and two-factor codes are printed by `manage.py demo_logins`.
ROLE_USERS = [
    DemoUser(
        "gezinshuisouder",
        "Marloes de Graaf",
        (R.GEZINSHUISOUDER,),
        phone="06 00 00 01 01",
        skj_number="318274650",
        skj_verified=True,
        registerplein_number="461038275",
    ),
    DemoUser("jeugdzorgwerker", "Youssef El Amrani", (R.JEUGDZORGWERKER,), skj_number="402918375"),
    DemoUser("professional", "Wouter Jansen", (R.PROFESSIONAL,)),
    DemoUser(
        "begeleider",
        "Ingrid Veldkamp",
        (R.BEGELEIDER,),
        phone="06 00 00 01 04",
        supervisor_register=SupervisorRegister.LVSC,
        skj_number="227364819",
    ),
    DemoUser(
        "organisatiebeheerder", "Peter van Dam", (R.ORGANISATIEBEHEERDER,), manages=("nestwerk-gezinshuizen",)
    ),
    DemoUser("organisator", "Fatma Yıldız", (R.ORGANISATOR,), mfa=True),
    DemoUser("opdrachtgever", "Joris Hendriks", (R.OPDRACHTGEVER,)),
    DemoUser("onderzoeker", "Lotte Brouwer", (R.ONDERZOEKER,)),
    DemoUser("student", "Sem Kuipers", (R.STUDENT,)),
    DemoUser("ouder", "Anouk Smit", (R.OUDER,)),
    DemoUser("jongere", "Daan Vos", (R.JONGERE,)),
    DemoUser("beheerder", "Noor Bakker", (R.BEHEERDER,), staff=True),
]
# Other invented members, so groups have people asking to join, on the waitlist and in a trial.
MEMBER_USERS = [
    DemoUser("sanne.mulder", "Sanne Mulder", (R.GEZINSHUISOUDER,), registerplein_number="461027364"),
    DemoUser("kees.van.leeuwen", "Kees van Leeuwen", (R.GEZINSHUISOUDER,)),
    DemoUser("fenna.dijkstra", "Fenna Dijkstra", (R.JEUGDZORGWERKER,), skj_number="509182736"),
    DemoUser("ahmed.benali", "Ahmed Benali", (R.JEUGDZORGWERKER,)),
    DemoUser("lieke.timmermans", "Lieke Timmermans", (R.GEZINSHUISOUDER,)),
    DemoUser("rob.schouten", "Rob Schouten", (R.GEZINSHUISOUDER,)),
    DemoUser("mirjam.koster", "Mirjam Koster", (R.PROFESSIONAL,)),
    DemoUser("thijs.bos", "Thijs Bos", (R.GEZINSHUISOUDER,)),
    # Steady members of the groups with a meeting history (demo/meetings.py).
    DemoUser("annemiek.de.boer", "Annemiek de Boer", (R.GEZINSHUISOUDER,), registerplein_number="461044912"),
    DemoUser("gert-jan.hofman", "Gert-Jan Hofman", (R.GEZINSHUISOUDER,), skj_number="604817263"),
    DemoUser(
        "priya.ramdin",
        "Priya Ramdin",
        (R.GEZINSHUISOUDER,),
        skj_number="711204589",
        registerplein_number="461090123",
    ),
    DemoUser("hanna.kroes", "Hanna Kroes", (R.GEZINSHUISOUDER,), registerplein_number="461052781"),
    DemoUser("dirk.wolters", "Dirk Wolters", (R.GEZINSHUISOUDER,)),
    DemoUser("esra.demir", "Esra Demir", (R.JEUGDZORGWERKER,), skj_number="520938471"),
    DemoUser("ilona.groen", "Ilona Groen", (R.JEUGDZORGWERKER,), skj_number="438109275"),
    DemoUser("martijn.lammers", "Martijn Lammers", (R.GEZINSHUISOUDER,), registerplein_number="461071930"),
    DemoUser("samira.ouali", "Samira Ouali", (R.JEUGDZORGWERKER,), skj_number="619283740"),
    DemoUser("tessa.van.rijn", "Tessa van Rijn", (R.GEZINSHUISOUDER,), registerplein_number="461083356"),
    DemoUser("bram.nijhuis", "Bram Nijhuis", (R.GEZINSHUISOUDER,)),
    DemoUser("yvette.pronk", "Yvette Pronk", (R.GEZINSHUISOUDER,), skj_number="350918264"),
    DemoUser("carla.wijnands", "Carla Wijnands", (R.PROFESSIONAL,)),
    DemoUser("frank.hazelaar", "Frank Hazelaar", (R.PROFESSIONAL,)),
    DemoUser("monique.tromp", "Monique Tromp", (R.PROFESSIONAL,)),
    DemoUser("jelle.hoekstra", "Jelle Hoekstra", (R.GEZINSHUISOUDER,), registerplein_number="461019284"),
    DemoUser("sietske.bouma", "Sietske Bouma", (R.GEZINSHUISOUDER,)),
    DemoUser("wietse.zijlstra", "Wietse Zijlstra", (R.GEZINSHUISOUDER,), registerplein_number="461066102"),
    DemoUser("maartje.verschuren", "Maartje Verschuren", (R.JEUGDZORGWERKER,), skj_number="482716390"),
    DemoUser("ruben.claes", "Ruben Claes", (R.GEZINSHUISOUDER,)),
    DemoUser("ellen.maas", "Ellen Maas", (R.JEUGDZORGWERKER,), skj_number="527381046"),
]
MFA_KEYS = {
    u.key
    for u in ROLE_USERS
    if u.staff or u.manages or u.mfa or set(u.roles) & {R.BEGELEIDER, R.ORGANISATIEBEHEERDER, R.BEHEERDER}
}


def people_demo_load(*, log=lambda message: None) -> dict:
    """Create or update the demo accounts. Returns the users by key (the part before the @)."""
    password_hash = None
    users = {}
    for spec in [*ROLE_USERS, *MEMBER_USERS]:
        values = {
            "name": spec.name,
            "phone": spec.phone,
            "skj_number": spec.skj_number,
            "skj_verified": spec.skj_verified,
            "registerplein_number": spec.registerplein_number,
            "supervisor_register": spec.supervisor_register,
            # The platform admin works with the beheerder role's admin permissions, never as superuser
            # (accounts.domain.PLATFORM_ADMIN_PERMISSIONS); nothing in the demo needs a superuser.
            "is_staff": spec.staff,
            "is_superuser": False,
        }
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            # Hash once: the default hasher is slow on purpose and every demo account shares the password.
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User.objects.create(email=spec.email, password=password_hash, **values)
            log(f"  account {spec.email}")
        else:
            upsert(User, {"pk": user.pk}, values)
            user.refresh_from_db()
        address = EmailAddress.objects.filter(user=user, email__iexact=spec.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=spec.email, verified=True, primary=True)
        elif not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])
        if set(user.role_set) != {str(r) for r in spec.roles}:
            user_set_roles(user=user, roles=spec.roles, by=None)
        if spec.staff:
            platform_admin_sync(user=user)  # also for a database loaded before the permissions existed
        if spec.key in MFA_KEYS:
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
                RecoveryCodes.activate(user)
        users[spec.key] = user
    return users
