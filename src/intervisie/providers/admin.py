from django.contrib import admin
from django.db import models

from intervisie.providers.models import Provider, ProviderMember


class ProviderMemberInline(admin.TabularInline):
    model = ProviderMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "crkbo_registered", "is_published"]
    list_filter = ["kind", "crkbo_registered", "is_published"]
    search_fields = ["name", "city", "email"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProviderMemberInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
