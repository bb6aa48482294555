"""The registers' reflection rules as data (shared/domain/REGISTERS.md, checked 2026)."""

from decimal import Decimal

from django.db import migrations

REGISTERS = [
    {
        "code": "skj-jeugd-en-gezinsprofessional",
        "name": "SKJ – jeugd- en gezinsprofessional",
        "body": "SKJ",
        "hours_required": Decimal("60"),
        "period_years": 5,
        "min_meeting_minutes": 60,
        "points_per_hour": Decimal("1"),
        "online_counts": True,
        "source": "SKJ Reglement herregistratie: 60 uur reflectie per 5 jaar, 1 uur = 1 punt, minimaal 1 uur per bijeenkomst.",
        "notes": "Alleen contacttijd telt. Reflectie gaat over methoden, normen en waarden, en jezelf.",
    },
    {
        "code": "skj-jeugdzorgwerker",
        "name": "SKJ – jeugdzorgwerker",
        "body": "SKJ",
        "hours_required": Decimal("50"),
        "period_years": 5,
        "min_meeting_minutes": 60,
        "points_per_hour": Decimal("1"),
        "online_counts": True,
        "source": "SKJ kamer jeugdzorgwerker (wordt afgebouwd): 50 punten reflectie per 5 jaar.",
        "notes": "",
    },
    {
        "code": "registerplein-gezinshuisouders",
        "name": "Registerplein – Register Gezinshuisouders",
        "body": "Registerplein",
        "hours_required": None,
        "period_years": 5,
        "min_meeting_minutes": 60,
        "points_per_hour": Decimal("1"),
        "online_counts": True,
        "source": "Registerplein: het aantal uren voor gezinshuisouders is niet gepubliceerd; de beheerder stelt het in.",
        "notes": "Online telt mee als iedereen live beeld en geluid heeft.",
    },
]


def seed(apps, schema_editor):
    Register = apps.get_model("accreditation", "Register")
    for data in REGISTERS:
        Register.objects.update_or_create(code=data["code"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
