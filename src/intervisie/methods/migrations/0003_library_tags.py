"""One list of methods: every library method gets its entry in the directory (``groups.Method``).

Until now the directory's methods were rows of their own (made by the demo loader or an admin) and
library methods were linked to them only when the slugs matched, so the search filter and the group
form could offer methods the library does not have and miss ones it does. This links each library
method to the row with its slug (see ``TAG_SLUGS``) or its name, creates the missing rows, and gives
each linked row the library method's name. Groups, charters and meetings keep pointing at the same
rows, so nothing they chose is lost; rows that belong to no library method stay on the groups that use
them but are no longer offered (``methods.selectors.directory_methods``).

The same steps run in ``methods.domain.link_tags`` (the demo loader calls it); this is a frozen copy,
as migrations must not import code that changes later.
"""

from django.db import migrations

TAG_SLUGS = {
    "zes-fasen": "zes-fasen",
    "buiten-je-bubbel": "tienstappenmethode-buiten-je-bubbel",
    "incidentmethode": "incidentmethode",
    "balintmethode": "balintmethode",
    "roddelmethode": "roddelmethode",
    "vijfstappenmethode": "vijfstappenmethode",
    "probleemoplossende-methode": "probleemoplossende-methode",
    "socratisch-gesprek": "socratisch-gesprek",
}


def _short_summary(text, limit=300):
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    return cut[: end + 1] if end > 0 else cut[: cut.rfind(" ")].rstrip(",;:") + "…"


def link_library_tags(apps, schema_editor):
    MethodTemplate = apps.get_model("methods", "MethodTemplate")
    Method = apps.get_model("groups", "Method")
    for template in MethodTemplate.objects.filter(group=None).order_by("pk"):
        tag = Method.objects.filter(pk=template.tag_id).first() if template.tag_id else None
        if tag is None:
            slug = TAG_SLUGS.get(template.slug, template.slug)
            tag = (
                Method.objects.filter(slug=slug).first()
                or Method.objects.filter(name__iexact=template.name).first()
                or Method.objects.create(
                    slug=slug, name=template.name[:80], summary=_short_summary(template.summary)
                )
            )
            template.tag = tag
            template.save(update_fields=["tag"])
        if tag.name != template.name and not Method.objects.filter(name=template.name).exists():
            tag.name = template.name[:80]
            tag.save(update_fields=["name"])
    for copy in MethodTemplate.objects.filter(group__isnull=False, tag=None, based_on__tag__isnull=False):
        copy.tag_id = MethodTemplate.objects.get(pk=copy.based_on_id).tag_id
        copy.save(update_fields=["tag"])


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0002_seed_library"),
        ("groups", "0003_membership_is_planner"),
    ]

    # Going back leaves the rows and links in place: they are valid data for the older code too.
    operations = [migrations.RunPython(link_library_tags, migrations.RunPython.noop)]
