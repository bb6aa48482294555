"""Signed reflection statements get a verification code (and can be revoked), like certificates; the
registers get the facts that decide whether a group fits them (shared/domain/REGISTERS.md, checked
2026), as data an admin can change."""

import secrets

from django.db import migrations, models

import intervisie.accreditation.models

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # as accreditation.models, frozen for this migration

# Only what the registers (or the bodies they rely on) publish; empty where nothing is known, so no
# rule is made up. The numbers that were already data (meeting length, hours) stay as they are.
FACTS = {
    "skj-jeugd-en-gezinsprofessional": {
        # Reflecting alone does not count; intervision as LVSC describes it has 3-6 participants.
        "min_group_size": 3,
        "max_group_size": None,
        # SKJ suggests about six meetings of two hours a year: the yearly hours (60 per 5 years) say it.
        "min_meetings_per_year": None,
        # A statement signed by a supervisor registered with one of these is one accepted form of
        # evidence; the statement without supervisor is accepted too, so it is recommended.
        "supervisor": "recommended",
        "supervisor_registers": "LVSC, VGCT, NIP, NVO, NVRG",
    },
    "skj-jeugdzorgwerker": {
        "min_group_size": 3,
        "max_group_size": None,
        "min_meetings_per_year": None,
        "supervisor": "recommended",
        "supervisor_registers": "LVSC, VGCT, NIP, NVO, NVRG",
    },
    "registerplein-gezinshuisouders": {
        # Registerplein accepts intervisie and intercollegiale consultatie; it has published no group
        # size, rhythm or supervisor rule for gezinshuisouders.
        "min_group_size": None,
        "max_group_size": None,
        "min_meetings_per_year": None,
        "supervisor": "not_needed",
        "supervisor_registers": "",
    },
}


def _new_code(taken: set) -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
        code = f"IVW-{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if code not in taken:
            taken.add(code)
            return code


def give_statements_codes(apps, schema_editor):
    ReflectionStatement = apps.get_model("accreditation", "ReflectionStatement")
    Certificate = apps.get_model("accreditation", "Certificate")
    # One code space for certificates and statements: /verifieer/<code>/ finds either.
    taken = set(Certificate.objects.values_list("code", flat=True))
    for statement in ReflectionStatement.objects.filter(code__isnull=True).only("pk"):
        statement.code = _new_code(taken)
        statement.save(update_fields=["code"])


def seed_facts(apps, schema_editor):
    Register = apps.get_model("accreditation", "Register")
    for code, facts in FACTS.items():
        Register.objects.filter(code=code).update(**facts)


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0003_seed_registers")]

    operations = [
        migrations.AlterModelOptions(
            name="reflectionstatement",
            options={
                "ordering": ["-signed_at"],
                "verbose_name": "reflectieverklaring",
                "verbose_name_plural": "reflectieverklaringen",
            },
        ),
        # Existing statements first get a code each, then the column becomes unique and required.
        migrations.AddField(
            model_name="reflectionstatement",
            name="code",
            field=models.CharField(max_length=20, null=True, editable=False),
        ),
        migrations.RunPython(give_statements_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reflectionstatement",
            name="code",
            field=models.CharField(
                default=intervisie.accreditation.models.new_certificate_code,
                editable=False,
                max_length=20,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="reflectionstatement",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="reflectionstatement",
            name="revoked_reason",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="register",
            name="max_group_size",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="maximaal aantal deelnemers in een groep"
            ),
        ),
        migrations.AddField(
            model_name="register",
            name="min_group_size",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="minimaal aantal deelnemers in een groep"
            ),
        ),
        migrations.AddField(
            model_name="register",
            name="min_meetings_per_year",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="minimaal aantal bijeenkomsten per jaar"
            ),
        ),
        migrations.AddField(
            model_name="register",
            name="supervisor",
            field=models.CharField(
                choices=[
                    ("required", "verplicht"),
                    ("recommended", "aanbevolen"),
                    ("not_needed", "niet nodig"),
                ],
                default="not_needed",
                max_length=12,
                verbose_name="begeleider met een register",
            ),
        ),
        migrations.AddField(
            model_name="register",
            name="supervisor_registers",
            field=models.CharField(
                blank=True,
                help_text="Met komma's, bijvoorbeeld: LVSC, VGCT, NIP, NVO, NVRG",
                max_length=100,
                verbose_name="registers van de begeleider die meetellen",
            ),
        ),
        migrations.AddConstraint(
            model_name="register",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("max_group_size__isnull", True),
                    ("min_group_size__isnull", True),
                    ("max_group_size__gte", models.F("min_group_size")),
                    _connector="OR",
                ),
                name="register_group_size_range",
                violation_error_message="Het maximale aantal deelnemers is kleiner dan het minimale.",
            ),
        ),
        migrations.RunPython(seed_facts, migrations.RunPython.noop),
    ]
