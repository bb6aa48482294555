"""Check our gettext catalogs before they are compiled and committed.

Usage (from the repository root):
    .venv/bin/python tools/check_translations.py                 # every locale/*/LC_MESSAGES/django.po
    .venv/bin/python tools/check_translations.py path/to/django.po

A catalog passes when every entry has a translation (all plural forms filled in), no entry is marked
fuzzy (Django skips fuzzy entries, so the page would silently fall back to Dutch), the placeholders
(``%(name)s``, ``%s``, ``{rows}``) and HTML tags of each translation match its msgid, and the
compiled ``django.mo`` next to the file holds the same translations (so nobody forgets
``make messages``). Standard library only, so it runs on a fresh machine.
"""

import ast
import gettext
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# printf-style: %(name)s, %(n)d, %s, %d, %.1f ... ("%%" is a literal percent sign, not a placeholder)
PRINTF = re.compile(r"%(?:\((?P<name>[^)]+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGc%]")
BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid[:60]!r}"


def parse_po(path: Path) -> list[Entry]:
    """Read a .po file into entries (obsolete ``#~`` entries are skipped)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None  # which field continuation lines belong to
    pending_flags: set[str] = set()

    def finish():
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
                target = None
            continue
        if line.startswith("#,"):
            if current is not None and current.msgstr:
                finish()
            pending_flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            if current is not None and current.msgstr:
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{path}:{number}: text outside an entry")
            _append(current, target, _unquote(line, path, number))
            continue
        if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
            finish()
        if current is None:
            current, pending_flags = Entry(line=number, flags=pending_flags), set()
        if keyword == "msgctxt":
            current.msgctxt, target = "", ("msgctxt", None)
        elif keyword == "msgid":
            target = ("msgid", None)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = "", ("msgid_plural", None)
        elif keyword == "msgstr":
            current.msgstr[0], target = "", ("msgstr", 0)
        elif match := re.fullmatch(r"msgstr\[(\d+)\]", keyword):
            index = int(match.group(1))
            current.msgstr[index], target = "", ("msgstr", index)
        else:
            raise ValueError(f"{path}:{number}: unknown keyword {keyword!r}")
        _append(current, target, _unquote(rest.strip(), path, number))
    finish()
    return entries


def _unquote(text: str, path: Path, number: int) -> str:
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"{path}:{number}: expected a quoted string")
    return ast.literal_eval(text)  # PO escapes (\n \t \" \\) are a subset of Python's


def _append(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] += text
    else:
        setattr(entry, name, (getattr(entry, name) or "") + text)


def _plural_count(header: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header)
    return int(match.group(1)) if match else 2


def placeholders(text: str) -> tuple[set[str], list[str], set[str]]:
    """Named printf placeholders (a set: a translation may use one twice), positional printf
    placeholders (in order, since their order matters), and {brace} placeholders."""
    named, positional = set(), []
    for match in PRINTF.finditer(text):
        if match.group("name") is not None:
            named.add(match.group(0))
        elif match.group(0) != "%%":
            positional.append(match.group(0))
    return named, positional, set(BRACES.findall(text))


def html_tags(text: str) -> Counter:
    return Counter(HTML_TAG.findall(text))


def check_entry(entry: Entry, nplurals: int) -> list[str]:
    problems = []
    if "fuzzy" in entry.flags:
        problems.append(f"{entry.label}: marked fuzzy (Django ignores it)")
    if entry.msgid_plural is not None:
        expected = list(range(nplurals))
        if sorted(entry.msgstr) != expected:
            problems.append(f"{entry.label}: needs msgstr[0] to msgstr[{nplurals - 1}]")
        sources = {i: entry.msgid if i == 0 else entry.msgid_plural for i in entry.msgstr}
    else:
        sources = {0: entry.msgid}
    for index, translation in sorted(entry.msgstr.items()):
        if not translation.strip():
            problems.append(f"{entry.label}: empty translation (msgstr[{index}])")
            continue
        source = sources.get(index, entry.msgid)
        if placeholders(source) != placeholders(translation):
            problems.append(f"{entry.label}: placeholders differ in msgstr[{index}]: {translation!r}")
        if html_tags(source) != html_tags(translation):
            problems.append(f"{entry.label}: HTML tags differ in msgstr[{index}]: {translation!r}")
    return problems


def check_compiled(entries: list[Entry], mo_path: Path) -> list[str]:
    """The compiled catalog must give the same translations as the .po file."""
    if not mo_path.exists():
        return [f"{mo_path} is missing: run `make messages`"]
    with mo_path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    problems = []
    for entry in entries:
        if not entry.msgid:
            continue
        if entry.msgid_plural is not None:
            compiled = [
                catalog.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if entry.msgctxt
                else catalog.ngettext(entry.msgid, entry.msgid_plural, n)
                for n in (1, 2)
            ]
            wanted = [entry.msgstr.get(0), entry.msgstr.get(1)]
        else:
            compiled = [
                catalog.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else catalog.gettext(entry.msgid)
            ]
            wanted = [entry.msgstr.get(0)]
        if compiled != wanted:
            problems.append(f"{mo_path}: {entry.label}: out of date, run `make messages`")
            break  # one message is enough to know the file needs compiling
    return problems


def check_po(path: Path | str) -> list[str]:
    """All problems found in one .po file (and its compiled .mo), as readable lines."""
    path = Path(path)
    entries = parse_po(path)
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    problems = []
    if header is None:
        problems.append(f"{path}: no header entry")
        nplurals = 2
    else:
        nplurals = _plural_count(header.msgstr.get(0, ""))
        if "fuzzy" in header.flags:
            problems.append(f"{path}: the header is marked fuzzy")
    seen = Counter((e.msgctxt, e.msgid) for e in entries)
    problems += [f"{path}: duplicate msgid {key[1][:60]!r}" for key, count in seen.items() if count > 1]
    for entry in entries:
        if entry is not header:
            problems += [f"{path}: {problem}" for problem in check_entry(entry, nplurals)]
    problems += check_compiled(entries, path.with_suffix(".mo"))
    return problems


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po"))
    problems = [problem for path in paths for problem in check_po(path)]
    for problem in problems:
        print(problem)
    print(f"{len(paths)} catalog(s) checked, {len(problems)} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
