from django.contrib import admin

from intervisie.common.audit import log_action
from intervisie.groups.models import IntervisionGroup


@admin.register(IntervisionGroup)
class IntervisionGroupAdmin(admin.ModelAdmin):
    """A platform admin who must step into a group sets themselves (or someone else) as its begeleider
    account: visible on the group's page and in the audit log. Memberships and everything the group
    writes stay out of the admin; the group's own settings are changed on the site."""

    list_display = ["name", "organisation", "begeleider", "status"]
    list_filter = ["status", "audience"]
    search_fields = ["name", "organisation__name"]
    fields = ["name", "organisation", "begeleider"]
    readonly_fields = ["name", "organisation"]
    autocomplete_fields = ["begeleider"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            log_action(
                actor=request.user,
                action="group.begeleider_changed_in_admin",
                obj=obj,
                data={"begeleider": obj.begeleider_id},
            )
