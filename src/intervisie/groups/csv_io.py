"""CSV export and import of an organisation's groups.

File format (documented on the import page too):

* UTF-8 with a byte-order mark, so Excel shows accents correctly; separated by semicolons, the Dutch
  Excel norm (Excel in Dutch uses the comma as decimal separator). The import accepts ``;`` and ``,``.
* Readable Dutch column headers (``COLUMNS``). They are a file format, not UI text, so they are not
  translated: a file exported in English must still import.
* Choice values as their codes (``UT``, ``online``, ``gezinshuisouders``), yes/no as ``ja``/``nee``,
  methods as slugs separated by commas, amounts with a decimal comma, dates as ``2026-09-01``.
* Text that starts with ``= + - @`` gets a leading ``'`` in the export, so a spreadsheet does not run
  it as a formula (CSV injection); the import removes that ``'`` again.

The import is all-or-nothing: every row is checked with ``GroupForm`` (the same rules as the screen)
before anything is saved, and then everything is saved in one transaction.
"""

import csv
import io
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from intervisie.common.audit import log_action
from intervisie.groups.group_forms import GROUP_FORM_FIELDS, SLUG_MAX_LENGTH, GroupForm
from intervisie.groups.models import IntervisionGroup

MAX_BYTES = 2 * 1024 * 1024
# Every row is checked with the full form and saved through the domain function, inside one request:
# about 8 ms a row on SQLite here, so 1000 rows stay well within a web request's time limit. Real
# organisations have tens of groups.
MAX_ROWS = 1000
DELIMITER = ";"
BOM = "\ufeff"
EXTRA_CELLS = "_extra_cells"  # marks a row with more cells than the header has columns

TEXT, BOOL, CHOICE, INT, METHODS, EURO, DATE, TIME = (
    "text",
    "bool",
    "choice",
    "int",
    "methods",
    "euro",
    "date",
    "time",
)


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str


COLUMNS = [
    Column("Code", "slug", TEXT),
    Column("Naam", "name", TEXT),
    Column("Beschrijving", "description", TEXT),
    Column("Voor wie", "audience", CHOICE),
    Column("Vorm", "format", CHOICE),
    Column("Plaats", "place", TEXT),
    Column("Gemeente", "municipality", TEXT),
    Column("Provincie", "province", CHOICE),
    Column("Methodes", "methods", METHODS),
    Column("Met begeleider", "has_begeleider", BOOL),
    Column("Naam begeleider", "begeleider_name", TEXT),
    Column("Register begeleider", "begeleider_register", CHOICE),
    Column("SKJ", "for_skj", BOOL),
    Column("Registerplein", "for_registerplein", BOOL),
    Column("Minimaal aantal leden", "min_members", INT),
    Column("Maximaal aantal leden", "max_members", INT),
    Column("Leden buiten Intervisiewijzer", "external_members", INT),
    Column("Gesloten", "is_closed", BOOL),
    Column("Wachtlijst", "has_waitlist", BOOL),
    Column("Hoe vaak", "frequency", CHOICE),
    Column("Dag", "weekday", CHOICE),
    Column("Dagdeel", "time_of_day", CHOICE),
    Column("Begintijd", "start_time", TIME),
    Column("Duur (minuten)", "meeting_minutes", INT),
    Column("Startdatum", "start_date", DATE),
    Column("Kosten per jaar", "cost_per_year", EURO),
    Column("Taal", "language", CHOICE),
    Column("Contactpersoon", "contact_name", TEXT),
    Column("E-mail contactpersoon", "contact_email", TEXT),
    Column("Telefoon contactpersoon", "contact_phone", TEXT),
    Column("Zichtbaar in het overzicht", "is_published", BOOL),
]
HEADERS = [c.header for c in COLUMNS]
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
_COLUMN_ORDER = {c.header: i for i, c in enumerate(COLUMNS)}
SLUG_HEADER, NAME_HEADER = COLUMN_BY_FIELD["slug"].header, COLUMN_BY_FIELD["name"].header
assert {c.field for c in COLUMNS} == {"slug", *GROUP_FORM_FIELDS}, "every form field needs a column"

_TRUE = {"ja", "j", "true", "waar", "yes", "y", "1", "x"}
_FALSE = {"nee", "n", "false", "onwaar", "no", "0"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvFileError(Exception):
    """The file as a whole cannot be read; the message is Dutch and meant for the manager."""


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # a column header, or "" for the row as a whole
    message: str


@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Export -------------------------------------------------------------------------------------


def _cell(group: IntervisionGroup, column: Column) -> str:
    value = getattr(group, column.field) if column.kind != METHODS else None
    if column.kind == METHODS:
        return ", ".join(m.slug for m in group.methods.all())
    if value is None:
        return ""
    if column.kind == BOOL:
        return "ja" if value else "nee"
    if column.kind == EURO:
        text = f"{value:.2f}"
        return (text[:-3] if text.endswith(".00") else text).replace(".", ",")
    if column.kind == DATE:
        return value.isoformat()
    if column.kind == TIME:
        return value.strftime("%H:%M")
    text = str(value)
    if column.kind == TEXT and text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def groups_to_csv(groups) -> str:
    """The groups as CSV text, starting with a byte-order mark. ``groups`` should prefetch methods."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for group in groups:
        writer.writerow([_cell(group, column) for column in COLUMNS])
    return out.getvalue()


# --- Reading ------------------------------------------------------------------------------------


def _norm_header(text: str) -> str:
    return " ".join(text.strip().lower().split())


def read_csv(content: bytes, *, filename: str = "") -> list[tuple[int, dict[str, str]]]:
    """Rows as ``(row number, {field: raw text})``. Raises CsvFileError for a file it cannot use."""
    if filename and not filename.lower().endswith(".csv"):
        raise CsvFileError(
            _(
                "Kies een CSV-bestand: de naam eindigt op .csv. "
                "Sla een Excel-bestand eerst op als 'CSV UTF-8'."
            )
        )
    if len(content) > MAX_BYTES:
        raise CsvFileError(
            _(
                "Het bestand is te groot: %(size)s MB. Het mag hoogstens 2 MB zijn. "
                "Splits het in kleinere bestanden."
            )
            % {"size": f"{len(content) / 1048576:.1f}"}
        )
    if b"\x00" in content or content.startswith(b"PK\x03\x04"):
        raise CsvFileError(
            _("Dit is geen CSV-bestand. Sla het bestand in Excel op als 'CSV UTF-8' en probeer het opnieuw.")
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFileError(
            _(
                "Het bestand is niet opgeslagen als UTF-8, daardoor kunnen we letters als "
                "é en ë niet lezen. Kies in Excel bij 'Opslaan als' voor 'CSV UTF-8'."
            )
        ) from None
    if not text.strip():
        raise CsvFileError(_("Het bestand is leeg."))
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        by_header = {_norm_header(c.header): c for c in COLUMNS}
        seen, unknown, columns = set(), [], []
        for cell in header:
            column = by_header.get(_norm_header(cell))
            if column is None:
                if cell.strip():
                    unknown.append(cell.strip())
                columns.append(None)
                continue
            if column.field in seen:
                raise CsvFileError(
                    _("De kolom '%(column)s' staat er twee keer in.") % {"column": column.header}
                )
            seen.add(column.field)
            columns.append(column)
        missing = [c.header for c in COLUMNS if c.field not in seen]
        if missing or unknown:
            parts = []
            if missing:
                parts.append(_("Deze kolommen ontbreken: %(columns)s.") % {"columns": ", ".join(missing)})
            if unknown:
                parts.append(
                    _("Deze kolommen kennen we niet: %(columns)s.") % {"columns": ", ".join(unknown)}
                )
            parts.append(_("Gebruik de kolomnamen van de export; de volgorde maakt niet uit."))
            raise CsvFileError(" ".join(parts))
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvFileError(
                    _("Het bestand heeft meer dan %(max)s rijen. Splits het in kleinere bestanden.")
                    % {"max": MAX_ROWS}
                )
            values = {c.field: "" for c in COLUMNS}
            if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
                values[EXTRA_CELLS] = delimiter
            for column, cell in zip(columns, cells, strict=False):
                if column is not None:
                    values[column.field] = cell
            rows.append((number, values))
    except csv.Error as error:
        raise CsvFileError(
            _("Het bestand is geen geldige CSV (rond regel %(line)s). Controleer de aanhalingstekens.")
            % {"line": reader.line_num}
        ) from error
    return rows


# --- Import -------------------------------------------------------------------------------------


def _form_data(values: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    """Raw cells to the data ``GroupForm`` expects, plus (column, message) for cells that cannot be read."""
    data, errors = {}, []
    for column in COLUMNS:
        if column.field == "slug":
            continue
        raw = values.get(column.field, "").strip()
        if column.kind == TEXT and raw.startswith("'") and raw[1:2] and raw[1] in "=+-@":
            raw = raw[1:]
        if column.kind == BOOL:
            if not raw:
                default = IntervisionGroup._meta.get_field(column.field).default
                data[column.field] = bool(default)
            elif raw.lower() in _TRUE:
                data[column.field] = True
            elif raw.lower() in _FALSE:
                data[column.field] = False
            else:
                errors.append((column.header, _("Vul ja of nee in (nu: '%(value)s').") % {"value": raw[:40]}))
        elif column.kind == METHODS:
            data[column.field] = [
                s.strip() for s in raw.replace(";", ",").replace("|", ",").split(",") if s.strip()
            ]
        elif column.kind == CHOICE and raw:
            # Codes (UT, six_weekly) and the Dutch labels people see (Utrecht, Elke zes weken) both work.
            labels = _choice_labels(column.field)
            data[column.field] = labels.get(
                raw.casefold(), raw.upper() if column.field == "province" else raw
            )
        else:
            data[column.field] = raw
    return data, errors


@cache
def _choice_labels(field_name: str) -> dict[str, str]:
    """Lower-cased Dutch label -> code for a choice field of the group model."""
    with translation.override("nl"):
        return {
            str(label).casefold(): str(code)
            for code, label in IntervisionGroup._meta.get_field(field_name).choices
        }


def _valid_slug(slug: str) -> bool:
    try:
        validate_slug(slug)
    except ValidationError:
        return False
    return len(slug) <= SLUG_MAX_LENGTH and slug == slug.lower()


def _snapshot(group: IntervisionGroup, methods) -> dict:
    values = {name: getattr(group, name) for name in GROUP_FORM_FIELDS if name != "methods"}
    values["latitude"], values["longitude"] = group.latitude, group.longitude
    values["methods"] = {m.pk for m in methods}
    return values


@dataclass
class _Planned:
    row: int
    form: GroupForm
    created: bool
    changed: bool


def import_groups(*, organisation, content: bytes, by, filename: str = "") -> ImportResult:
    """Create or update ``organisation``'s groups from CSV. Nothing is saved if any row has an error.

    Rows match an existing group of this organisation by code (slug), or by name when the code is
    empty; other rows become new groups. Side effects, only when every row is valid, in one
    transaction: each new or changed group is saved through ``GroupForm.save_group`` (which calls
    ``groups.domain.group_save``: audit log per group, waitlist offers), then one audit entry for the
    import as a whole. Raises CsvFileError when the file itself cannot be read.
    """
    rows = read_csv(content, filename=filename)
    result = ImportResult()
    if not rows:
        raise CsvFileError(_("Het bestand heeft kopjes maar geen rijen met groepen."))
    own = {
        g.slug: g
        for g in IntervisionGroup.objects.filter(organisation=organisation).prefetch_related("methods")
    }
    by_name: dict[str, list[IntervisionGroup]] = {}
    for group in own.values():
        by_name.setdefault(group.name.casefold(), []).append(group)
    seen: dict[str, int] = {}
    rows_of_group: dict[int, int] = {}
    planned: list[_Planned] = []

    for number, values in rows:
        slug = values["slug"].strip()
        name = " ".join(values["name"].split())
        errors: list[tuple[str, str]] = []
        if values.get(EXTRA_CELLS):
            errors.append(
                (
                    "",
                    _(
                        "Deze rij heeft meer cellen dan er kolommen zijn. Staat er een '%(sep)s' in "
                        "een tekst zonder aanhalingstekens?"
                    )
                    % {"sep": values[EXTRA_CELLS]},
                )
            )
        group = None
        key = f"slug:{slug}" if slug else f"name:{name.casefold()}"
        if key in seen and (slug or name) and not (slug and slug in own):  # own groups: checked below
            header = SLUG_HEADER if slug else NAME_HEADER
            errors.append((header, _("Deze groep staat ook al in rij %(row)s.") % {"row": seen[key]}))
        seen.setdefault(key, number)
        if slug:
            group = own.get(slug)
            if group is None:
                if not _valid_slug(slug):
                    errors.append(
                        (
                            SLUG_HEADER,
                            _(
                                "Een code bestaat alleen uit kleine letters, cijfers en "
                                "streepjes. Laat de kolom leeg voor een nieuwe groep."
                            ),
                        )
                    )
                elif IntervisionGroup.objects.filter(slug=slug).exists():
                    # Another organisation's group: say no more than that it cannot be used.
                    errors.append(
                        (
                            SLUG_HEADER,
                            _(
                                "Deze code kun je niet gebruiken. Laat de kolom leeg, dan "
                                "maken we een nieuwe code."
                            ),
                        )
                    )
        elif name:
            matches = by_name.get(name.casefold(), [])
            if len(matches) > 1:
                errors.append(
                    (
                        NAME_HEADER,
                        _(
                            "Je organisatie heeft meer groepen met deze naam. Vul de code "
                            "in om te kiezen welke groep je bedoelt."
                        ),
                    )
                )
            elif matches:
                group = matches[0]
        if group is not None:
            if group.pk in rows_of_group:
                errors.append(
                    (
                        SLUG_HEADER if slug else NAME_HEADER,
                        _("Deze groep staat ook al in rij %(row)s.") % {"row": rows_of_group[group.pk]},
                    )
                )
            rows_of_group.setdefault(group.pk, number)

        created = group is None
        if created:
            group = IntervisionGroup(organisation=organisation, slug=slug if slug else "")
            before = None
        else:
            before = _snapshot(group, group.methods.all())
        data, cell_errors = _form_data(values)
        errors.extend(cell_errors)
        form = GroupForm(data=data, instance=group, organisation=organisation)
        if form.is_valid():
            after = _snapshot(form.instance, form.cleaned_data["methods"])
            planned.append(_Planned(number, form, created, created or after != before))
        else:
            failed = {header for header, _message in cell_errors}
            for name_, messages in form.errors.items():
                column = COLUMN_BY_FIELD.get(name_)
                header = column.header if column else ""
                if header in failed:
                    continue  # the cell itself could not be read; that message says enough
                errors.extend((header, str(message)) for message in messages)
        errors.sort(key=lambda error: _COLUMN_ORDER.get(error[0], -1))
        result.errors.extend(RowError(number, header, message) for header, message in errors)

    if result.errors:
        return result
    try:
        with transaction.atomic():
            for plan in planned:
                if not plan.changed:
                    result.unchanged += 1
                    continue
                plan.form.save_group(by=by)
                if plan.created:
                    result.created += 1
                else:
                    result.changed += 1
            log_action(
                actor=by,
                action="organisation.groups_imported",
                obj=organisation,
                data={
                    "created": result.created,
                    "changed": result.changed,
                    "unchanged": result.unchanged,
                    "filename": filename[:100],
                },
            )
    except (IntegrityError, ValidationError):
        result = ImportResult(
            errors=[
                RowError(
                    0,
                    "",
                    _(
                        "Tijdens het opslaan veranderde er tegelijk iets aan dezelfde groepen. Er is niets opgeslagen. "
                        "Probeer het opnieuw."
                    ),
                )
            ]
        )
    return result
