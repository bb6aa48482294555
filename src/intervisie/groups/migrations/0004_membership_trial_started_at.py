from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    """Participation windows need a start: memberships that took part without one (made before the
    field was always set) start when they were made; a running trial starts at its last change."""
    Membership = apps.get_model("groups", "Membership")
    took_part = ["introduction", "trial", "member", "left"]
    Membership.objects.filter(started_at__isnull=True, state__in=took_part).update(started_at=F("created_at"))
    Membership.objects.filter(state="trial", trial_started_at__isnull=True).update(
        trial_started_at=F("updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [("groups", "0003_membership_is_planner")]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="trial_started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="proefperiode sinds"),
        ),
        migrations.AlterField(
            model_name="membership",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="doet mee sinds"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
