from django.contrib import admin

from intervisie.common.models import AuditEntry, OutgoingEmail


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor__email", "action"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Read-only, with the view permission (the beheerder role has it): the texts are never shown, as a
    queued mail can hold a password-reset link."""

    # queued_at shows a mail that waits long; its page shows the last error (retry_emails re-queues it).
    list_display = ["created_at", "to", "subject", "status", "attempts", "queued_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    exclude = ["body_text", "body_html"]

    def has_module_permission(self, request):
        return request.user.has_perm("common.view_outgoingemail")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("common.view_outgoingemail")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
