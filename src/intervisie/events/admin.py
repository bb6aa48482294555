from django.contrib import admin

from intervisie.events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Platform admins can add an organiser to an event (registrations stay out of the admin)."""

    list_display = ["title", "plenary_starts_at", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    fields = ["title", "status", "organisers"]
    readonly_fields = ["title"]
    filter_horizontal = ["organisers"]
