"""The house stays one-way: no package imports a floor above it, no import circle, no function over 60 lines.

The floors are written once, here, as data (docs/architecture.md draws the same table). The import graph is
read with ``ast`` from every library module, imports inside functions included, so a lazy import cannot
hide an upward edge.
"""
from __future__ import annotations

import ast
from pathlib import Path


from core.paths import ROOT

# package → the packages of ours it may import (besides itself). Bottom floor first.
FLOORS: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "records": frozenset({"core"}),
    "arabic": frozenset({"core"}),
    "readers": frozenset({"core", "records", "arabic"}),
    "gazetteer": frozenset({"core", "records", "arabic"}),
    "extract": frozenset({"core", "records", "arabic", "gazetteer"}),
    "geo": frozenset({"core", "records", "gazetteer"}),
    "maps": frozenset({"core", "records", "geo"}),
    "evaluation": frozenset({"core", "records"}),
    "engines": frozenset({"core", "records", "arabic", "readers", "gazetteer", "extract", "geo"}),
    "app": frozenset({"core", "records", "arabic", "readers", "gazetteer", "extract", "geo", "maps", "evaluation",
                      "engines"}),
}
OURS = frozenset(FLOORS) | {"cli", "testing", "tests", "bench"}
MAX_LINES = 60


def library_modules() -> list[tuple[str, Path]]:
    """(dotted name, path) of every module in the library packages."""
    found = []
    for package in FLOORS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """Every module of ours that ``path`` imports, anywhere in the file (functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(t for t in targets if t.split(".")[0] in OURS)
    return found


def import_graph() -> dict[str, set[str]]:
    """module → the modules of ours it imports (names that are not modules, e.g. classes, are dropped)."""
    modules = dict(library_modules())
    graph = {}
    for name, path in modules.items():
        graph[name] = {t for t in imports_of(name, path) if t in modules or t.split(".")[0] not in FLOORS}
    return graph


def test_the_graph_is_read_from_every_package() -> None:
    graph = import_graph()
    assert {name.split(".")[0] for name in graph} == set(FLOORS)
    assert "records.schema" in graph["geo.io"] and "extract.pipeline" in graph["engines.parallel"]


def test_no_package_imports_a_floor_above_it() -> None:
    upward = []
    for name, targets in import_graph().items():
        home = name.split(".")[0]
        for target in targets:
            top = target.split(".")[0]
            if top != home and top not in FLOORS[home]:
                upward.append(f"{name} imports {target}")
    assert not upward, "imports that break the floors (docs/architecture.md):\n" + "\n".join(sorted(upward))


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path of module names, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in sorted(graph):
        if state.get(root):
            continue
        path, stack = [root], [iter(sorted(graph[root]))]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif not state.get(nxt) and nxt in graph:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return None


def test_there_is_no_import_circle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_circle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def long_functions() -> dict[str, int]:
    """``path::name`` → lines of every library function (methods and nested functions included) over the limit."""
    found = {}
    for _, path in library_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = node.end_lineno - first + 1
                if lines > MAX_LINES:
                    found[f"{path.relative_to(ROOT).as_posix()}::{node.name}"] = lines
    return found


def test_no_library_function_is_over_60_lines() -> None:
    long = long_functions()
    assert not long, f"functions over {MAX_LINES} lines (split them into named stages): {long}"


def test_domain_packages_never_import_argparse() -> None:
    users = [name for name, path in library_modules() if not name.startswith("app")
             and "argparse" in {a.name for n in ast.walk(ast.parse(path.read_text("utf-8")))
                                if isinstance(n, ast.Import) for a in n.names}
             | {n.module for n in ast.walk(ast.parse(path.read_text("utf-8"))) if isinstance(n, ast.ImportFrom)}]
    assert not users, f"argparse outside app/: {users}"


def test_bench_never_imports_tests() -> None:
    offenders = []
    for path in sorted((ROOT / "bench").glob("*.py")):
        name = "bench." + path.stem
        if any(t.split(".")[0] == "tests" for t in imports_of(name, path)):
            offenders.append(name)
    assert not offenders, f"bench modules importing tests/ (use testing/): {offenders}"


def _is_identity(node: ast.AST, tainted: frozenset[str] = frozenset()) -> bool:
    """Does ``node`` hold ``id(x)`` (or ``map(id, xs)``, or a local name assigned from one)?"""
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in tainted:
            return True
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and (n.func.id == "id" or (
                n.func.id == "map" and n.args and isinstance(n.args[0], ast.Name) and n.args[0].id == "id")):
            return True
    return False


def _keyed_uses(node: ast.AST) -> list[tuple[ast.AST, ast.AST]]:
    """(container, key) of each subscript, ``.get``/``.setdefault``/``.pop`` call and ``in`` test in ``node``."""
    uses = []
    for n in ast.walk(node):
        if isinstance(n, ast.Subscript):
            uses.append((n.value, n.slice))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.args and \
                n.func.attr in ("get", "setdefault", "pop"):
            uses.append((n.func.value, n.args[0]))
        elif isinstance(n, ast.Compare) and isinstance(n.ops[0], (ast.In, ast.NotIn)):
            uses.append((n.comparators[0], n.left))
    return uses


def identity_keyed_caches(source: str) -> list[int]:
    """Lines where ``id()`` keys a container that outlives the call: a module global, an attribute or a
    container passed in as a parameter.

    ``id()`` of a transient object is reused once the object is gone, so a cache keyed by it can answer
    for another object; inside one call, over objects that call holds (a local set or dict), it is safe."""
    tree = ast.parse(source)
    bad = []
    for fn in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        shared = {name for n in ast.walk(fn) if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}
        # a parameter is not local: the caller's dict outlives the call (a cache handed down as an argument)
        params = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
        local = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} \
            - shared - params
        tainted = frozenset(t.id for n in ast.walk(fn) if isinstance(n, ast.Assign) and _is_identity(n.value)
                            for t in n.targets if isinstance(t, ast.Name))
        bad += [key.lineno for box, key in _keyed_uses(fn) if _is_identity(key, tainted)
                and not (isinstance(box, ast.Name) and box.id in local)]
    top = ast.Module(body=[s for s in tree.body if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                        ast.ClassDef))], type_ignores=[])
    bad += [key.lineno for _, key in _keyed_uses(top) if _is_identity(key)]
    return sorted(set(bad))


def test_no_library_cache_is_keyed_by_id() -> None:
    """Issue 11: a cache lives on the object whose lifetime it follows, keyed by values, never by ``id()``."""
    found = {path.relative_to(ROOT).as_posix(): lines for _, path in library_modules()
             if (lines := identity_keyed_caches(path.read_text(encoding="utf-8")))}
    assert not found, f"id() used as a cache key (key by a value, or keep the cache on its owner): {found}"


def test_the_id_key_check_finds_the_patterns_it_forbids() -> None:
    module_cache = "_C = {}\ndef f(p):\n    hit = _C.get(id(p))\n    _C[id(p)] = 1\n"
    by_signature = "_R = {}\ndef f(ps):\n    sig = tuple(map(id, ps))\n    return sig in _R\n"
    on_self = "class A:\n    def f(self, p):\n        return self.memo[id(p)]\n"
    local = "def f(hs, weak):\n    ids = {id(h) for h in weak}\n    return [h for h in hs if id(h) not in ids]\n"
    assert identity_keyed_caches(module_cache) == [3, 4]
    assert identity_keyed_caches(by_signature) == [4]
    assert identity_keyed_caches(on_self) == [3]
    assert identity_keyed_caches(local) == []
    passed_down = "def f(p, memo):\n    if id(p) in memo:\n        return memo[id(p)]\n"
    assert identity_keyed_caches(passed_down) == [2, 3]
