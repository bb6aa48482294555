"""The layering holds. Read from the source with ``ast`` (nothing is imported), so a violation is named
by file and line. An import inside a function counts like one at the top: it is the same dependency,
only later.

- ``common`` imports no app (every app may use it, so it sits below all of them);
- no circle between apps: the graph of app-to-app imports is acyclic (the project's own modules,
  settings and urls, are one more node: no app may import them);
- no ``_private`` name of another module, imported (``from x import _y``) or reached through an
  imported module (``x._y``); a package's own modules may use what it keeps private
  (``grouping.mdgp`` imports ``grouping._kernels``);
- the grouping solver (``src/grouping``) imports neither Django nor ``intervisie``.
"""

import ast
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGES = ("intervisie", "grouping")
PROJECT = "intervisie"  # the node for the project's own modules (settings, urls, wsgi, env)


@dataclass(frozen=True)
class Module:
    name: str  # dotted
    path: Path
    is_package: bool
    tree: ast.Module

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]


@cache
def _modules() -> tuple[Module, ...]:
    found = []
    for package in PACKAGES:
        for path in sorted((SRC / package).rglob("*.py")):
            parts = list(path.relative_to(SRC).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            name = ".".join(parts[:-1] if is_package else parts)
            found.append(Module(name, path, is_package, ast.parse(path.read_text(encoding="utf-8"))))
    return tuple(found)


def _from(module: Module, node: ast.ImportFrom) -> str:
    """The module a ``from ... import`` reads from, relative ones resolved against the package."""
    if not node.level:
        return node.module
    base = module.package.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: Module):
    """(imported dotted name, line) for every import in the module, at any depth; ``from x import y``
    gives ``x.y`` (y may be a submodule or a name in x: either way the module depends on x)."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            source = _from(module, node)
            for alias in node.names:
                yield (source if alias.name == "*" else f"{source}.{alias.name}"), node.lineno


def _bindings(module: Module) -> dict[str, str]:
    """Local name → the dotted name an import binds to it (``import a.b`` binds ``a``)."""
    bound = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                head = alias.name.partition(".")[0]
                bound[alias.asname or head] = alias.name if alias.asname else head
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{_from(module, node)}.{alias.name}"
    return bound


def _attribute_chains(module: Module):
    """(dotted name, line) for each ``x._y`` whose ``x`` is a name an import bound, resolved through
    that import: ``domain._mail`` after ``from intervisie.events import domain``."""
    bound = _bindings(module)
    for node in ast.walk(module.tree):
        if not (isinstance(node, ast.Attribute) and _is_private(node.attr)):
            continue
        parts = [node.attr]
        value = node.value
        while isinstance(value, ast.Attribute):
            parts.append(value.attr)
            value = value.value
        if isinstance(value, ast.Name) and value.id in bound:
            yield ".".join([bound[value.id], *reversed(parts)]), node.lineno


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _app(module: str) -> str | None:
    """The app a module of ours belongs to: the package right under ``intervisie`` (``None`` outside)."""
    parts = module.split(".")
    if parts[0] != "intervisie":
        return None
    if len(parts) > 1 and (SRC / "intervisie" / parts[1]).is_dir():
        return parts[1]
    return PROJECT


def _where(module: Module, line: int) -> str:
    return f"{module.path.relative_to(SRC.parent)}:{line}"


def _app_graph():
    """{app: {imported app: [where, ...]}} for the imports between different apps."""
    graph = defaultdict(lambda: defaultdict(list))
    for module in _modules():
        for name, line in _imports(module):
            source, target = _app(module.name), _app(name)
            where = _where(module, line)
            # ``from x import a, b`` is one place, not two.
            if source and target and source != target and where not in graph[source][target]:
                graph[source][target].append(where)
    return graph


def _strongly_connected(graph) -> list[list[str]]:
    """Tarjan's algorithm: the groups of apps that can all reach each other (a circle when more than one)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in sorted(set(graph) | {t for targets in graph.values() for t in targets}):
        if node not in index:
            visit(node)
    return sorted(c for c in components if len(c) > 1)


def _cycle(graph, component: list[str]) -> list[str]:
    """One shortest circle through the component's first app, as a list of apps (first == last)."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node]):
            if target == start:
                return paths[node] + [start]
            if target in members and target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    raise AssertionError("a strongly connected component without a circle")


def test_common_imports_no_app():
    wrong = [
        f"common → {target}: {where}"
        for target, places in sorted(_app_graph()["common"].items())
        for where in places
    ]
    assert wrong == [], "common imports an app:\n" + "\n".join(wrong)


def test_no_circle_between_apps():
    graph = _app_graph()
    report = []
    for component in _strongly_connected(graph):
        report.append(" → ".join(_cycle(graph, component)))
        for source in component:
            for target in sorted(set(graph[source]) & set(component)):
                places = graph[source][target]
                more = f" (and {len(places) - 3} more)" if len(places) > 3 else ""
                report.append(f"    {source} → {target}: {', '.join(places[:3])}{more}")
    assert report == [], "circles between apps (each with the imports inside it):\n" + "\n".join(report)


def _private_uses(module: Module, names):
    """The private parts of ``names`` (dotted, with lines) that ``module`` may not use."""
    for name, line in names:
        parts = name.split(".")
        for position, part in enumerate(parts):
            if _is_private(part):
                owner = ".".join(parts[:position])
                # A package's own modules may use what it keeps private; nobody else may.
                if module.name != owner and not module.name.startswith(owner + "."):
                    yield f"{_where(module, line)}: {name}"
                break


def test_no_private_name_imported_from_another_module():
    ours = {module.name for module in _modules()}
    wrong = []
    for module in _modules():
        if ".migrations." in module.name:
            continue  # written by makemigrations: a field's default is named by its dotted path
        wrong += _private_uses(module, _imports(module))
        # Through an imported module of ours only: ``Membership._meta`` is Django's API, not a module's.
        reached = [
            (name, line) for name, line in _attribute_chains(module) if name.rpartition(".")[0] in ours
        ]
        wrong += _private_uses(module, reached)
    assert wrong == [], "private names of another module:\n" + "\n".join(sorted(set(wrong)))


def test_grouping_imports_neither_django_nor_intervisie():
    wrong = [
        f"{_where(module, line)}: {name}"
        for module in _modules()
        if module.name.split(".")[0] == "grouping"
        for name, line in _imports(module)
        if name.split(".")[0] in {"django", "intervisie"}
    ]
    assert wrong == [], "the solver must stay plain Python:\n" + "\n".join(wrong)


def _parsed(name: str, source: str, is_package: bool = False) -> Module:
    return Module(name, SRC / "intervisie" / "example.py", is_package, ast.parse(source))


def test_the_scan_sees_imports_at_every_depth_and_relative_ones():
    """Negative control for the scanner itself: an import inside a function counts, and a relative
    import resolves against the importing module's package."""
    module = _parsed(
        "intervisie.events.views",
        "import os\n"
        "from . import models\n"
        "from ..common.audit import log_action\n"
        "\n"
        "\n"
        "def f():\n"
        "    from intervisie.groups.domain import _lock\n",
    )
    assert list(_imports(module)) == [
        ("os", 1),
        ("intervisie.events.models", 2),
        ("intervisie.common.audit.log_action", 3),
        ("intervisie.groups.domain._lock", 7),
    ]
    assert list(_private_uses(module, _imports(module))) == [
        "src/intervisie/example.py:7: intervisie.groups.domain._lock"
    ]


def test_the_scan_sees_a_private_name_reached_through_a_module():
    """Negative control: ``domain._mail`` after importing the module is the same as importing ``_mail``;
    a package's own private module (``grouping._kernels``) is fine inside the package."""
    module = _parsed(
        "intervisie.events.composition",
        "from intervisie.events import domain as d\nimport intervisie.groups.domain\n\n"
        "d._mail()\nintervisie.groups.domain._lock_group(1)\nd.public._meta\n",
    )
    assert sorted(_attribute_chains(module), key=lambda found: found[1]) == [
        ("intervisie.events.domain._mail", 4),
        ("intervisie.groups.domain._lock_group", 5),
        ("intervisie.events.domain.public._meta", 6),
    ]
    kernels = _parsed("grouping.mdgp", "from grouping import _kernels as k\n")
    assert list(_private_uses(kernels, _imports(kernels))) == []


def test_the_scan_reads_the_real_source():
    """Negative control against a scan that finds nothing: the directory sits above what it shows."""
    graph = _app_graph()
    assert {"groups", "methods", "accreditation"} <= set(graph["directory"])


def test_the_circle_finder_names_the_circle():
    """Negative control: a toy graph with one circle (a → b → c → a) and a tail (c → d)."""
    graph = defaultdict(lambda: defaultdict(list), {"a": {"b": []}, "b": {"c": []}, "c": {"a": [], "d": []}})
    components = _strongly_connected(graph)
    assert components == [["a", "b", "c"]]
    assert _cycle(graph, components[0]) == ["a", "b", "c", "a"]
    assert _strongly_connected(defaultdict(dict, {"a": {"b": []}, "b": {"c": []}})) == []
