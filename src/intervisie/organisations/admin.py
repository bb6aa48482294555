from django.contrib import admin
from django.db import models

from intervisie.common.audit import log_action
from intervisie.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["managers"]
    # A website typed without a scheme is taken as https (Django 6's default; says so now, no warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.managers.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.managers.values_list("pk", flat=True))
        if before != after or form.changed_data:
            # Managers may see members' data and decide on requests: who granted that is audited.
            log_action(
                actor=request.user,
                action="organisation.changed_in_admin",
                obj=form.instance,
                data={
                    "fields": sorted(form.changed_data),
                    "managers_added": sorted(after - before),
                    "managers_removed": sorted(before - after),
                },
            )
