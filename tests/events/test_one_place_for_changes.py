"""A registration's status and who sits in which breakout change in one place: ``events/domain.py``
(``set_registration_status``, ``set_breakouts`` and the few domain functions around them). This scan
reads the source with ``ast`` (nothing is imported) and fails, naming file and line, when a view, the
composition module or any other module writes those fields itself:

- ``x.status = ...``, ``x.breakout = ...`` (and ``setattr(x, "status", ...)``);
- ``status=...`` or ``breakout=...`` in ``update()``, ``create()``, ``get_or_create()``,
  ``update_or_create()``, ``bulk_create()``, and the field names given to ``bulk_update()``.

In the events package every such write outside ``domain.py`` counts. Other apps have fields of
their own called ``status`` or ``locked``; there only the names that exist on events' models alone
count (``breakout``, ``published_breakout``, ``coach`` and their ``_id``), plus ``status`` and
``locked`` written through ``Registration`` or ``registrations``. Migrations are left out.
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "intervisie"
EVENTS = SRC / "events"
DOMAIN = EVENTS / "domain.py"

# The fields of a registration's status and of its breakout assignment (and a breakout's coach).
FIELDS = {"status", "locked", "breakout", "breakout_id", "published_breakout", "published_breakout_id"}
FIELDS |= {"coach", "coach_id"}
# Names no other app's model uses: a write of one of them anywhere is a write of events' data.
EVENTS_ONLY = FIELDS - {"status", "locked"}
WRITES = {"update", "create", "get_or_create", "update_or_create", "bulk_create"}

# The demo's past event (composed, sent and attended two months ago) sets the group sent to each
# person directly, without the e-mails that sending sends. It could publish through
# ``composition.composition_publish`` while its dates are moved a year ahead, as it already does to
# compose; until the demo loader does, these lines are the one known exception.
KNOWN: set[tuple[str, str]] = set()  # (file, field) writes allowed outside the domain: none


def _writes(tree: ast.AST, *, loose: set[str]):
    """(line, field, code) for every write of ``FIELDS``. For the names in ``loose`` only writes whose
    object mentions a registration count."""

    def counts(name: str, receiver: str) -> bool:
        if name not in FIELDS:
            return False
        return name not in loose or "registration" in receiver.lower()

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Attribute) and counts(sub.attr, ast.unparse(sub.value)):
                        yield node.lineno, sub.attr, ast.unparse(node)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) >= 2:
                name = node.args[1]
                if isinstance(name, ast.Constant) and counts(str(name.value), ast.unparse(node.args[0])):
                    yield node.lineno, name.value, ast.unparse(node)
            if not isinstance(func, ast.Attribute):
                continue
            receiver = ast.unparse(func.value)
            if func.attr in WRITES:
                for keyword in node.keywords:
                    if keyword.arg and counts(keyword.arg, receiver):
                        yield node.lineno, keyword.arg, ast.unparse(node)
            if func.attr == "bulk_update":
                for arg in [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "fields")]:
                    for constant in ast.walk(arg):
                        if isinstance(constant, ast.Constant) and counts(str(constant.value), receiver):
                            yield node.lineno, constant.value, ast.unparse(node)


def _imports_events(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("intervisie.events"):
            return True
        if isinstance(node, ast.Import) and any(a.name.startswith("intervisie.events") for a in node.names):
            return True
    return False


def _scan(tree: ast.AST, *, in_events: bool) -> list[tuple[int, str, str]]:
    """The writes a module makes, sorted by line: every one in the events package; in another app's
    module (one that imports events) those of names only events has, and of ``status`` and
    ``locked`` through a registration."""
    if not in_events and not _imports_events(tree):
        return []
    return sorted(_writes(tree, loose=set() if in_events else FIELDS - EVENTS_ONLY))


def test_only_the_domain_writes_registration_status_and_breakout_assignments():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts or path == DOMAIN:
            continue
        relative = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, name, code in _scan(tree, in_events=path.is_relative_to(EVENTS)):
            if (relative, name) not in KNOWN:
                found.append(f"src/intervisie/{relative}:{line}: {code}")
    assert found == [], (
        "Change a registration's status with events.domain.set_registration_status and breakouts with "
        "events.domain.set_breakouts (or a verb over them):\n" + "\n".join(found)
    )


def test_the_scan_finds_each_kind_of_write():
    """The scan itself, on code given as text: each kind of write it must catch, in a module of the
    events package and in a module of another app that imports events."""
    in_events = (
        "def f(registration, r, breakout, qs):\n"
        "    registration.status = 'cancelled'\n"
        "    r.breakout = breakout\n"
        "    r.breakout_id = None\n"
        "    setattr(r, 'locked', True)\n"
        "    qs.update(status='confirmed')\n"
        "    qs.bulk_update([r], ['published_breakout'])\n"
        "    qs.filter(status='confirmed').count()\n"  # a read
        "    return render(None, 'x.html', status=400)\n"  # not a model write
    )
    elsewhere = (
        "from intervisie.events.models import Registration\n"
        "def f(meeting, r):\n"
        "    meeting.status = 'cancelled'\n"  # another app's own status field
        "    r.published_breakout_id = None\n"
        "    Registration.objects.filter(pk=1).update(status='cancelled')\n"
    )
    not_importing_events = "def f(r):\n    r.breakout = None\n"

    assert [line for line, _name, _code in _scan(ast.parse(in_events), in_events=True)] == [2, 3, 4, 5, 6, 7]
    assert [name for _line, name, _code in _scan(ast.parse(elsewhere), in_events=False)] == [
        "published_breakout_id",
        "status",
    ]
    assert _scan(ast.parse(not_importing_events), in_events=False) == []
