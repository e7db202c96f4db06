"""The layout DESIGN.md promises a newcomer, read from the source with `ast` (nothing is imported):
imports at the top of a module, modules short enough to read, and no import circle between modules."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("focusareas", "portfolio", "benefits", "governance")
MAX_LINES = 500

# Imports that stay inside a function body, besides tasks.py (a task imports its service in its body) and
# apps.py (ready() runs once the app registry is loaded): (module path, imported module) -> why.
LAZY_IMPORTS_ALLOWED = {
    ("portfolio/exports.py", "openpyxl"): (
        "openpyxl takes ~0.3 s to import (python -X importtime) and only the project list's Excel download "
        "uses it; at the top it would slow every web and worker start"
    ),
    ("benefits/exports.py", "openpyxl"): (
        "openpyxl takes ~0.3 s to import (python -X importtime) and only the benefits' Excel download "
        "uses it; at the top it would slow every web and worker start"
    ),
}


def _is_app_source(path: Path) -> bool:
    return "migrations" not in path.relative_to(ROOT).parts


def _app_files() -> list[Path]:
    return sorted(path for app in APPS for path in (ROOT / app).rglob("*.py") if _is_app_source(path))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported_modules(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The modules an import statement names, relative imports resolved; for `from pkg import name` both
    `pkg` and `pkg.name` (the caller keeps whichever is a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        anchor = package[: len(package) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _imports_in_function_bodies(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    return [
        node
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]


def _lazy_imports():
    """(path, line, imported module) of every import inside a function body."""
    for path in _app_files():
        module, is_package = _module_name(path), path.name == "__init__.py"
        for node in _imports_in_function_bodies(_parse(path)):
            names = _imported_modules(node, module, is_package)
            # `import a, b` names two modules; `from a import b` is reported as importing a.
            for imported in names if isinstance(node, ast.Import) else names[:1]:
                yield _relative(path), node.lineno, imported


def _allowed(path: str, imported: str) -> bool:
    if Path(path).name in ("tasks.py", "apps.py"):
        return True
    return any(
        path == allowed_path and (imported == allowed or imported.startswith(f"{allowed}."))
        for allowed_path, allowed in LAZY_IMPORTS_ALLOWED
    )


def test_it_keeps_imports_at_the_top_of_the_module():
    lazy = sorted(set(_lazy_imports()))
    offenders = [
        f"{path}:{line} imports {imported}" for path, line, imported in lazy if not _allowed(path, imported)
    ]
    assert not offenders, (
        "Import inside a function body (move it to the top; if that makes an import circle, move the "
        "function to the module it belongs in):\n" + "\n".join(offenders)
    )
    used = {
        (path, allowed)
        for path, _line, imported in lazy
        for allowed_path, allowed in LAZY_IMPORTS_ALLOWED
        if path == allowed_path and (imported == allowed or imported.startswith(f"{allowed}."))
    }
    unused = sorted(set(LAZY_IMPORTS_ALLOWED) - used)
    assert not unused, "Allowed lazy imports no longer in the code (drop them from the list):\n" + "\n".join(
        f"{path} {imported}" for path, imported in unused
    )
    assert all(reason.strip() for reason in LAZY_IMPORTS_ALLOWED.values())


def _line_limit_applies(path: Path) -> bool:
    relative = path.relative_to(ROOT)
    return path.name != "models.py" and relative.parts[:3] != ("governance", "demo", "data")


def test_it_keeps_every_app_module_short_enough_to_read():
    long_modules = []
    for path in _app_files():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and _line_limit_applies(path):
            long_modules.append(f"{_relative(path)}: {lines} lines")
    assert not long_modules, f"Over {MAX_LINES} lines (split it by concern):\n" + "\n".join(long_modules)


def _import_graph() -> dict[str, set[str]]:
    """Module -> the app modules it imports, at the top or in a function body alike, with one exception:
    a task body's import in tasks.py. DESIGN.md has every service import its tasks at the top and every
    task import its service when it runs, so a service and its task always name one another; the import in
    the task body runs only once both modules are loaded, and is what keeps that pair from being a circle.

    `from pkg import name` counts as importing the submodule pkg.name when there is one, else pkg itself.
    Importing a.b.c also runs a/__init__.py and a/b/__init__.py; those implied edges are left out (as
    import-linter does), or every package whose __init__ re-exports its submodules would be a circle."""
    files = {_module_name(path): path for path in _app_files()}
    graph = {module: set() for module in files}
    for module, path in files.items():
        is_package = path.name == "__init__.py"
        tree = _parse(path)
        task_bodies = set(map(id, _imports_in_function_bodies(tree))) if path.name == "tasks.py" else set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in task_bodies:
                continue
            names = _imported_modules(node, module, is_package)
            if isinstance(node, ast.ImportFrom):
                submodules = [name for name in names[1:] if name in files]
                names = submodules + [names[0]] if len(submodules) < len(names) - 1 else submodules
            for name in names:
                # `import a.b.c` or `from a.b import X`: the longest prefix that is one of our modules.
                parts = name.split(".")
                while parts and ".".join(parts) not in files:
                    parts.pop()
                target = ".".join(parts)
                if target and target != module:
                    graph[module].add(target)
    return graph


def _strongly_connected_components(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit to think about)."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = lowlink[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = lowlink[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    lowlink[node] = min(lowlink[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowlink[parent] = min(lowlink[parent], lowlink[node])
                if lowlink[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def test_it_finds_circles_in_a_made_up_graph():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    components = sorted(_strongly_connected_components(graph))
    assert components == [["a", "b", "c"], ["d"], ["e"], ["f"]]


def test_it_has_no_import_circle_between_app_modules():
    graph = _import_graph()
    assert "portfolio.models" in graph["benefits.models"]
    circles = [component for component in _strongly_connected_components(graph) if len(component) > 1]
    described = []
    for component in circles:
        members = set(component)
        edges = [
            f"  {module} -> {target}" for module in component for target in sorted(graph[module] & members)
        ]
        described.append(", ".join(component) + "\n" + "\n".join(edges))
    assert not circles, "Modules that import one another, directly or round a circle:\n" + "\n\n".join(
        described
    )
