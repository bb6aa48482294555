import rules
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from intervisie.accounts.enums import MFA_ROLES, Role, SupervisorRegister
from intervisie.accounts.validators import validate_registerplein_number, validate_skj_number
from intervisie.common.permissions import is_confidential


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Logs in with e-mail; holds one or more roles."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    name = models.CharField(_("naam"), max_length=120, blank=True)
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)
    language = models.CharField(
        _("taal"), max_length=5, choices=[("nl", "Nederlands"), ("en", "English")], default="nl"
    )
    skj_number = models.CharField(
        _("SKJ-nummer"), max_length=12, blank=True, validators=[validate_skj_number]
    )
    skj_verified = models.BooleanField(_("SKJ-nummer gecontroleerd"), default=False)
    registerplein_number = models.CharField(
        _("Registerplein-nummer"), max_length=12, blank=True, validators=[validate_registerplein_number]
    )
    registerplein_verified = models.BooleanField(_("Registerplein-nummer gecontroleerd"), default=False)
    supervisor_register = models.CharField(
        _("register als begeleider"), max_length=10, choices=SupervisorRegister.choices, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return (self.name or self.email).split(" ")[0]

    def has_perm(self, perm, obj=None):
        """Django says yes to every active superuser before any rule is asked. Here only the rule
        decides for confidential content (common/permissions.py) and for every question about an
        object: whether someone owns an attendance, takes part in a group or organises an event is a
        fact, not a flag (a superuser could otherwise confirm someone else's attendance). Rules that
        should let platform admins in say so themselves (``accounts.rules.is_platform_admin``).
        Questions without an object (the admin's model permissions) keep Django's behaviour."""
        if is_confidential(perm) or (obj is not None and rules.perm_exists(perm)):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @property
    def role_set(self) -> set[str]:
        if not hasattr(self, "_role_cache"):
            self._role_cache = set(self.roles.values_list("role", flat=True)) if self.pk else set()
        return self._role_cache

    def has_role(self, role: str) -> bool:
        return role in self.role_set

    @property
    def requires_mfa(self) -> bool:
        if self.is_superuser or self.is_staff:
            return True
        if self.role_set & {str(r) for r in MFA_ROLES}:
            return True
        # Same people as the groups.manage_group rule: organisation managers and group begeleiders.
        return self.manages_organisation or self.guides_group

    @cached_property
    def manages_organisation(self) -> bool:
        return bool(self.pk) and self.managed_organisations.exists()

    @cached_property
    def guides_group(self) -> bool:
        return bool(self.pk) and self.guided_groups.exists()


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")]
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")

    def __str__(self):
        return self.get_role_display()


def user_display(user) -> str:
    """How allauth shows a person: their name, or their e-mail address when they gave no name."""
    return user.name or user.email
