from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from intervisie.accounts.models import User, UserRole


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
