"""pytest collects only functions named test_it_* (pyproject's python_functions): a test named otherwise
would never run and never fail. This keeps every test function collectable."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _test_functions():
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
                yield path.relative_to(TESTS), node.lineno, node.name


def test_it_names_every_test_function_so_pytest_collects_it():
    found = list(_test_functions())
    assert len(found) > 500
    uncollected = [f"{path}:{line} {name}" for path, line, name in found if not name.startswith("test_it_")]
    assert not uncollected, "Never collected (rename to test_it_…):\n" + "\n".join(uncollected)
