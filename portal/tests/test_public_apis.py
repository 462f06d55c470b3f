"""The portal builds on Django's and Wagtail's public APIs only.

A private name (`Page._get_path`, `objects._insert`) can change in any release without notice; a
page tree or a queue broken by an upgrade would take the directory down silently. This reads every
module outside tests and migrations and fails on any underscore-prefixed attribute or import that
the project does not define itself, apart from the few that Python and Django document as public.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "home", "resources", "referrals", "search", "bench")
MODULES = ("manage.py", "gunicorn.conf.py")

# Underscore names that are public by their owners' documentation: Django's Model._meta API, and
# named tuples' methods and fields.
DOCUMENTED = {"_meta", "_fields", "_asdict", "_replace", "_make", "_field_defaults"}
# Private by documentation though not by name: the connection's list of on-commit callbacks.
UNDOCUMENTED = {"run_on_commit"}


def project_files():
    files = [ROOT / name for name in MODULES]
    for package in PACKAGES:
        files += [
            path
            for path in (ROOT / package).rglob("*.py")
            if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
        ]
    return sorted(files)


def trees():
    return {path.relative_to(ROOT): ast.parse(path.read_text(), str(path)) for path in project_files()}


def is_private(name):
    return name.startswith("_") and not name.startswith("__")


def names_defined_here(parsed):
    """Every underscore name the project itself defines: functions, classes, attributes, variables."""
    defined = set()
    for tree in parsed.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                defined.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                defined.add(node.attr)
            elif isinstance(node, ast.arg):
                defined.add(node.arg)
    return {name for name in defined if is_private(name)}


def private_uses(parsed):
    """(file:line, name) for each private name used that the project does not define."""
    ours = names_defined_here(parsed) | DOCUMENTED
    found = []
    for path, tree in parsed.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                names = [node.attr]
            elif isinstance(node, ast.ImportFrom):
                names = [alias.name for alias in node.names]
            else:
                continue
            found += [
                (f"{path}:{node.lineno}", name)
                for name in names
                if (is_private(name) and name not in ours) or name in UNDOCUMENTED
            ]
    return found


def test_no_private_framework_names_outside_tests():
    assert private_uses(trees()) == []


def test_the_check_finds_a_private_name():
    """It would catch what it is for: a private treebeard method, a private manager method, a
    private import and Django's on-commit list."""
    code = (
        "from wagtail.models import Page\n"
        "from django.db.models.query import _Private\n"
        "Page._get_path('0001', 2, 1)\n"
        "Page.objects._insert([], fields=[])\n"
        "connection.run_on_commit\n"
        "Page._meta.get_field('title')\n"
        "def _ours():\n    pass\n"
        "_ours()\n"
    )
    uses = private_uses({Path("example.py"): ast.parse(code)})
    assert sorted(name for _, name in uses) == ["_Private", "_get_path", "_insert", "run_on_commit"]
