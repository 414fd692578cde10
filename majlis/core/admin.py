"""Django admin for the register. Saves go through the audit chain like every other write."""

from __future__ import annotations

from django.contrib import admin

from majlis.core import audit
from majlis.core.models import (
    Area, AuditEvent, LegislativeSession, LegislativeTerm, Membership, NameVariant, Organization, Person, Post,
)
from majlis.core.services import refresh_name_keys

admin.site.site_header = admin.site.site_title = "Majlis"


class AuditedAdmin(admin.ModelAdmin):
    """ModelAdmin whose saves and deletes are written to the audit chain (same transaction)."""

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        label = obj._meta.model_name
        audit.record(request.user, f"{label}.{'update' if change else 'create'}", obj, before=before, after=audit.snapshot(obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if isinstance(form.instance, (Person, Organization)):
            refresh_name_keys(form.instance)

    def delete_model(self, request, obj):
        audit.record(request.user, f"{obj._meta.model_name}.delete", obj, before=audit.snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 1
    fk_name = "person"


class OrgNameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 1
    fk_name = "organization"


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ("name_ar", "name_en", "country", "is_fictional")
    search_fields = ("name_ar", "name_en", "name_variants__name")
    list_filter = ("is_fictional", "gender")
    inlines = [NameVariantInline]
    raw_id_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ("name_ar", "name_en", "classification", "country", "is_fictional")
    list_filter = ("classification", "is_fictional")
    search_fields = ("name_ar", "name_en", "abbreviation")
    inlines = [OrgNameVariantInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("person", "organization", "post", "start_date", "end_date")
    list_filter = ("organization__classification",)
    raw_id_fields = ("person", "organization", "post", "on_behalf_of")


for model in (Post, Area, LegislativeTerm, LegislativeSession):
    admin.site.register(model, AuditedAdmin)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("seq", "time", "actor_name", "action", "object_type", "object_id", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_name", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
