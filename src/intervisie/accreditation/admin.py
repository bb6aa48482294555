from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from intervisie.accreditation.models import Certificate, Enrolment, ReflectionStatement, Register
from intervisie.common.audit import log_action


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    """The registers' rules are data: when a reglement changes, a beheerder changes the numbers here."""

    list_display = [
        "name",
        "body",
        "hours_required",
        "period_years",
        "min_meeting_minutes",
        "online_counts",
        "min_group_size",
        "max_group_size",
        "min_meetings_per_year",
        "supervisor",
    ]
    search_fields = ["name", "code"]
    fieldsets = [
        (None, {"fields": ["code", "name", "body"]}),
        (
            _("Uren"),
            {
                "fields": [
                    "hours_required",
                    "period_years",
                    "points_per_hour",
                    "min_meeting_minutes",
                    "online_counts",
                ]
            },
        ),
        (
            # The directory's register filter and the group page derive a group's fit from these.
            _("Wat een groep nodig heeft"),
            {
                "fields": [
                    "min_group_size",
                    "max_group_size",
                    "min_meetings_per_year",
                    "supervisor",
                    "supervisor_registers",
                ]
            },
        ),
        (_("Bron"), {"fields": ["source", "notes"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Everyone's ledger follows these numbers: who changed them is audited.
        log_action(
            actor=request.user,
            action="register.changed_in_admin",
            obj=obj,
            data={"fields": sorted(form.changed_data)},
        )


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "register", "period_start"]
    list_filter = ["register"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read only: certificates are issued and revoked on the group's page, with an audit log."""

    list_display = ["code", "user", "group", "title", "issued_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["code", "user__email", "user__name", "group__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReflectionStatement)
class ReflectionStatementAdmin(admin.ModelAdmin):
    """Read only: a statement is signed (and revoked) by the begeleider in the app."""

    list_display = [
        "code",
        "user",
        "group",
        "period_start",
        "period_end",
        "hours",
        "signed_by",
        "signed_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["code", "user__email", "user__name", "group__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
