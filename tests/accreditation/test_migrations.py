"""Migration 0004: statements signed before codes existed get one each; the registers get their facts."""

import datetime as dt
import importlib
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accreditation", "0003_seed_registers")]
AFTER = [("accreditation", "0004_statement_code_register_facts")]
CODE = re.compile(r"IVW-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_statements_get_unique_codes_and_registers_their_facts():
    old = _migrate(BEFORE)
    try:
        User = old.get_model("accounts", "User")
        Organisation = old.get_model("organisations", "Organisation")
        Group = old.get_model("groups", "IntervisionGroup")
        Statement = old.get_model("accreditation", "ReflectionStatement")
        Certificate = old.get_model("accreditation", "Certificate")
        # A transactional test before this one (a browser test) may have emptied the seeded registers.
        seed = importlib.import_module("intervisie.accreditation.migrations.0003_seed_registers")
        OldRegister = old.get_model("accreditation", "Register")
        for row in seed.REGISTERS:
            OldRegister.objects.get_or_create(code=row["code"], defaults=row)
        begeleider = User.objects.create(email="bea@example.nl", name="Bea", supervisor_register="LVSC")
        organisation = Organisation.objects.create(name="Org", slug="org", kind="zorgaanbieder")
        group = Group.objects.create(
            name="Groep",
            slug="groep",
            organisation=organisation,
            description="-",
            audience="gezinshuisouders",
            format="in_person",
            frequency="monthly",
            time_of_day="evening",
        )
        people = [User.objects.create(email=f"p{i}@example.nl", name=f"P{i}") for i in range(3)]
        for person in people:
            Statement.objects.create(
                user=person,
                group=group,
                period_start=dt.date(2025, 1, 1),
                period_end=dt.date(2025, 12, 31),
                hours=Decimal("12"),
                signed_by=begeleider,
                signer_register="LVSC",
            )
        Certificate.objects.create(
            user=people[0],
            group=group,
            title="Deelname",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            hours=Decimal("12"),
            code="IVW-AAAA-BBBB-CCCC",
        )
    finally:
        new = _migrate(AFTER)
    codes = list(new.get_model("accreditation", "ReflectionStatement").objects.values_list("code", flat=True))
    assert len(codes) == 3
    assert len(set(codes)) == 3
    assert all(CODE.fullmatch(code) for code in codes)
    assert "IVW-AAAA-BBBB-CCCC" not in codes
    Register = new.get_model("accreditation", "Register")
    skj = Register.objects.get(code="skj-jeugd-en-gezinsprofessional")
    assert (skj.min_group_size, skj.supervisor, skj.supervisor_registers) == (
        3,
        "recommended",
        "LVSC, VGCT, NIP, NVO, NVRG",
    )
    assert Register.objects.get(code="registerplein-gezinshuisouders").supervisor == "not_needed"
