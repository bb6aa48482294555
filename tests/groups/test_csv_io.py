import csv
import io
from datetime import date, time
from decimal import Decimal

import pytest

from intervisie.common.models import AuditEntry
from intervisie.groups import csv_io
from intervisie.groups.csv_io import CsvFileError, RowError, groups_to_csv, import_groups, read_csv
from intervisie.groups.enums import Format
from intervisie.groups.models import IntervisionGroup
from tests.factories import GroupFactory, MethodFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def export(organisation) -> bytes:
    groups = organisation.groups.prefetch_related("methods").order_by("name")
    return groups_to_csv(groups).encode("utf-8")


def rows_of(content: bytes, delimiter=";"):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def to_csv(rows, delimiter=";") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_io.HEADERS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def new_row(**changes):
    row = {
        "Code": "",
        "Naam": "Intervisie Deventer",
        "Beschrijving": "Een nieuwe groep in Deventer.",
        "Voor wie": "gezinshuisouders",
        "Vorm": "in_person",
        "Plaats": "Deventer",
        "Gemeente": "",
        "Provincie": "",
        "Methodes": "",
        "Met begeleider": "ja",
        "Naam begeleider": "",
        "Register begeleider": "",
        "SKJ": "ja",
        "Registerplein": "nee",
        "Minimaal aantal leden": "4",
        "Maximaal aantal leden": "8",
        "Leden buiten Intervisiewijzer": "0",
        "Gesloten": "nee",
        "Wachtlijst": "ja",
        "Hoe vaak": "monthly",
        "Dag": "3",
        "Dagdeel": "morning",
        "Begintijd": "",
        "Duur (minuten)": "120",
        "Startdatum": "",
        "Kosten per jaar": "0",
        "Taal": "nl",
        "Contactpersoon": "",
        "E-mail contactpersoon": "",
        "Telefoon contactpersoon": "",
        "Zichtbaar in het overzicht": "ja",
    }
    row.update(changes)
    return row


@pytest.fixture
def rich_group(group):
    """A group with every kind of value filled in."""
    group.methods.add(MethodFactory(name="Incidentmethode"), MethodFactory(name="Roos van Leary"))
    group.description = 'Wij bespreken casussen.\nOp de tweede regel: "citaat"; met puntkomma.'
    group.begeleider_name = "Petra Smit"
    group.begeleider_register = "LVSC"
    group.for_registerplein = True
    group.start_time = time(19, 30)
    group.start_date = date(2026, 9, 1)
    group.cost_per_year = Decimal("249.50")
    group.contact_phone = "+31 6 12345678"
    group.contact_email = "petra@voorbeeld.nl"
    group.save()
    return group


def test_export_is_excel_friendly_csv_with_dutch_headers_and_codes(rich_group):
    content = export(rich_group.organisation)
    assert content.startswith("\ufeff".encode())
    first_line = content.decode("utf-8-sig").splitlines()[0]
    assert first_line.startswith("Code;Naam;Beschrijving;Voor wie;Vorm;Plaats;")
    [row] = rows_of(content)
    assert row["Code"] == "intervisie-utrecht-oost"
    assert row["Voor wie"] == "gezinshuisouders"
    assert row["Provincie"] == "UT"
    assert row["Methodes"] == "incidentmethode, roos-van-leary"
    assert (row["Met begeleider"], row["Registerplein"], row["Gesloten"]) == ("ja", "ja", "nee")
    assert row["Kosten per jaar"] == "249,50"
    assert (row["Startdatum"], row["Begintijd"], row["Dag"]) == ("2026-09-01", "19:30", "2")
    assert row["Beschrijving"] == rich_group.description
    assert row["Telefoon contactpersoon"] == "'+31 6 12345678"  # not run as a formula by a spreadsheet


def test_export_then_import_changes_nothing(rich_group, alice):
    online = GroupFactory(
        name="Online groep",
        organisation=rich_group.organisation,
        format=Format.ONLINE,
        place="",
        municipality="",
        province="",
        latitude=None,
        longitude=None,
        weekday=None,
    )
    before = list(IntervisionGroup.objects.order_by("pk").values())
    content = export(rich_group.organisation)
    result = import_groups(
        organisation=rich_group.organisation, content=content, by=alice, filename="groepen.csv"
    )
    assert result.errors == []
    assert (result.created, result.changed, result.unchanged) == (0, 0, 2)
    assert list(IntervisionGroup.objects.order_by("pk").values()) == before
    assert {m.slug for m in rich_group.methods.all()} == {"incidentmethode", "roos-van-leary"}
    assert not AuditEntry.objects.filter(action__startswith="group.").exists()
    assert online.pk  # the online group without place went through the same round trip


def test_import_creates_and_updates_by_code_and_by_name(rich_group, alice):
    rows = rows_of(export(rich_group.organisation))
    rows[0]["Maximaal aantal leden"] = "10"
    rows[0]["Gesloten"] = "ja"
    by_name = GroupFactory(name="Groep Amersfoort", organisation=rich_group.organisation, place="Amersfoort")
    rows.append(new_row(Naam="groep amersfoort", Plaats="Amersfoort", **{"Kosten per jaar": "75,25"}))
    rows.append(new_row(Methodes="incidentmethode"))
    result = import_groups(organisation=rich_group.organisation, content=to_csv(rows), by=alice)
    assert result.errors == []
    assert (result.created, result.changed, result.unchanged) == (1, 2, 0)
    rich_group.refresh_from_db()
    assert (rich_group.max_members, rich_group.status) == (10, "closed")
    by_name.refresh_from_db()
    assert (by_name.name, by_name.cost_per_year) == ("groep amersfoort", Decimal("75.25"))
    new = IntervisionGroup.objects.get(name="Intervisie Deventer")
    assert (new.slug, new.organisation, new.province) == (
        "intervisie-deventer",
        rich_group.organisation,
        "OV",
    )
    assert new.latitude is not None
    assert [m.slug for m in new.methods.all()] == ["incidentmethode"]
    actions = sorted(AuditEntry.objects.exclude(action__startswith="user.").values_list("action", flat=True))
    assert actions == ["group.changed", "group.changed", "group.created", "organisation.groups_imported"]
    summary = AuditEntry.objects.get(action="organisation.groups_imported")
    assert summary.data == {"created": 1, "changed": 2, "unchanged": 0, "filename": ""}
    assert summary.actor == alice


def test_import_accepts_commas_between_columns(organisation, alice):
    result = import_groups(organisation=organisation, content=to_csv([new_row()], delimiter=","), by=alice)
    assert (result.errors, result.created) == ([], 1)


def test_import_reports_every_bad_row_and_saves_nothing(group, alice):
    MethodFactory(name="Incidentmethode")
    rows = [
        new_row(Naam="Goede groep"),
        new_row(Naam="Provincie fout", Provincie="XX"),
        new_row(Naam="Maximum fout", **{"Minimaal aantal leden": "6", "Maximaal aantal leden": "5"}),
        new_row(Naam=""),
        new_row(Naam="Methode fout", Methodes="incidentmethode, bestaat-niet"),
        new_row(Naam="E-mail fout", **{"E-mail contactpersoon": "petra@"}),
        new_row(Naam="Ja of nee fout", SKJ="misschien"),
    ]
    before = IntervisionGroup.objects.count()
    result = import_groups(organisation=group.organisation, content=to_csv(rows), by=alice)
    assert result.errors == [
        RowError(3, "Provincie", "Onbekende provincie: XX. Gebruik een code zoals UT of NH."),
        RowError(
            4, "Maximaal aantal leden", "Het maximum moet minstens even groot zijn als het minimum (6)."
        ),
        RowError(5, "Naam", "Vul de naam van de groep in."),
        RowError(6, "Methodes", "Onbekende methode: bestaat-niet."),
        RowError(
            7, "E-mail contactpersoon", "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."
        ),
        RowError(8, "SKJ", "Vul ja of nee in (nu: 'misschien')."),
    ]
    assert IntervisionGroup.objects.count() == before
    assert not AuditEntry.objects.filter(action__startswith="group.").exists()


def test_import_changes_only_groups_of_its_own_organisation(group, alice):
    other = GroupFactory(name="Andermans groep", slug="andermans-groep", organisation=OrganisationFactory())
    rows = [new_row(Code="andermans-groep", Naam="Overgenomen"), new_row(Naam="Andermans groep")]
    result = import_groups(organisation=group.organisation, content=to_csv(rows), by=alice)
    assert result.errors == [
        RowError(
            2, "Code", "Deze code kun je niet gebruiken. Laat de kolom leeg, dan maken we een nieuwe code."
        )
    ]
    other.refresh_from_db()
    assert other.name == "Andermans groep" and other.organisation != group.organisation


def test_import_new_group_with_a_free_code_keeps_that_code(organisation, alice):
    result = import_groups(
        organisation=organisation, content=to_csv([new_row(Code="deventer-ochtend")]), by=alice
    )
    assert result.created == 1
    assert IntervisionGroup.objects.get(slug="deventer-ochtend").name == "Intervisie Deventer"


def test_import_reports_rows_that_repeat_a_group_and_bad_codes(group, alice):
    rows = [
        new_row(Code=group.slug, Naam=group.name),
        new_row(Naam=group.name),
        new_row(Naam="Twee keer"),
        new_row(Naam="Twee keer"),
        new_row(Code="Geen Code!"),
    ]
    result = import_groups(organisation=group.organisation, content=to_csv(rows), by=alice)
    assert result.errors == [
        RowError(3, "Naam", "Deze groep staat ook al in rij 2."),
        RowError(5, "Naam", "Deze groep staat ook al in rij 4."),
        RowError(
            6,
            "Code",
            "Een code bestaat alleen uit kleine letters, cijfers en streepjes. "
            "Laat de kolom leeg voor een nieuwe groep.",
        ),
    ]


def test_import_skips_empty_rows_and_numbers_rows_like_a_spreadsheet(organisation, alice):
    content = to_csv([new_row(), {h: "" for h in csv_io.HEADERS}, new_row(Naam="Tweede", Plaats="Atlantis")])
    result = import_groups(organisation=organisation, content=content, by=alice)
    assert result.errors == [
        RowError(
            4,
            "Plaats",
            "We kennen de plaats 'Atlantis' niet. Controleer de spelling, of typ de postcode (4 cijfers).",
        )
    ]


def test_import_refuses_a_file_that_is_not_utf8(organisation, alice):
    content = to_csv([new_row(Naam="Groep Hûlsbergen")]).decode("utf-8-sig").encode("cp1252")
    with pytest.raises(CsvFileError, match="niet opgeslagen als UTF-8"):
        import_groups(organisation=organisation, content=content, by=alice)
    assert not IntervisionGroup.objects.exists()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "groepen.csv", "Het bestand is leeg."),
        (b"PK\x03\x04rest-of-a-zip", "groepen.csv", "Dit is geen CSV-bestand."),
        (b"Code;Naam\n", "groepen.xlsx", "Kies een CSV-bestand: de naam eindigt op .csv."),
        (b"Code;Naam;Kleur\nx;y;z\n", "groepen.csv", "Deze kolommen ontbreken: Beschrijving, Voor wie,"),
        (b"Code;Naam;Kleur\nx;y;z\n", "groepen.csv", "Deze kolommen kennen we niet: Kleur."),
        (b"x" * (2 * 1024 * 1024 + 1), "groepen.csv", "Het mag hoogstens 2 MB zijn."),
    ],
)
def test_read_csv_explains_what_is_wrong_with_the_file(content, filename, message):
    with pytest.raises(CsvFileError) as error:
        read_csv(content, filename=filename)
    assert message in str(error.value)


def test_read_csv_limits_the_number_of_rows():
    content = to_csv([new_row(Naam=f"Groep {n}") for n in range(csv_io.MAX_ROWS + 1)])
    assert len(content) < csv_io.MAX_BYTES
    with pytest.raises(CsvFileError, match=f"meer dan {csv_io.MAX_ROWS} rijen"):
        read_csv(content)


def test_read_csv_accepts_headers_in_any_order_and_case():
    row = new_row()
    header = list(reversed(csv_io.HEADERS))
    text = ";".join(h.upper() for h in header) + "\n" + ";".join(row[h] for h in header) + "\n"
    [(number, values)] = read_csv(text.encode())
    assert number == 2 and values["name"] == "Intervisie Deventer" and values["place"] == "Deventer"


def test_import_with_headers_only_says_there_are_no_rows(organisation, alice):
    with pytest.raises(CsvFileError, match="geen rijen"):
        import_groups(organisation=organisation, content=to_csv([]), by=alice)


def test_import_accepts_dutch_labels_as_well_as_codes(organisation, alice):
    row = new_row(
        **{
            "Vorm": "Online",
            "Plaats": "",
            "Hoe vaak": "elke zes weken",
            "Dagdeel": "Avond",
            "Dag": "Dinsdag",
            "Provincie": "Utrecht",
            "Voor wie": "Gemengd (integraal)",
        }
    )
    result = import_groups(organisation=organisation, content=to_csv([row]), by=alice)
    assert result.errors == []
    group = IntervisionGroup.objects.get(name="Intervisie Deventer")
    assert (
        group.format,
        group.frequency,
        group.time_of_day,
        group.weekday,
        group.province,
        group.audience,
    ) == (Format.ONLINE, "six_weekly", "evening", 2, "UT", "integraal")
