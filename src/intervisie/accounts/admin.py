from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from intervisie.accounts.domain import platform_admin_sync, user_delete
from intervisie.accounts.models import User, UserRole
from intervisie.common.audit import log_action


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "skj_verified", "registerplein_verified"]
    search_fields = ["email", "name"]
    inlines = [UserRoleInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "name", "phone", "language"]}),
        (
            "Registers",
            {
                "fields": [
                    "skj_number",
                    "skj_verified",
                    "registerplein_number",
                    "registerplein_verified",
                    "supervisor_register",
                ]
            },
        ),
        ("Rechten", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]

    def delete_model(self, request, obj):
        user_delete(user=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            user_delete(user=user, by=request.user)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            log_action(
                actor=request.user,
                action="user.changed_in_admin",
                obj=obj,
                data={"fields": sorted(form.changed_data)},
            )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            platform_admin_sync(user=form.instance)
            log_action(
                actor=request.user,
                action="user.roles_changed_in_admin",
                obj=form.instance,
                data={"roles": sorted(form.instance.roles.values_list("role", flat=True))},
            )
