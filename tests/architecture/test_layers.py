"""The import rules of DESIGN.md, and the pages/ trap, checked on the source tree."""

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

FORBIDDEN_IN_PAGES = ("data", "web", "cli", "sqlalchemy", "duckdb", "psycopg")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_no_page_file_sits_directly_in_pages_where_streamlit_would_serve_it_without_the_login_gate():
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py")) == []


def test_page_scripts_never_import_storage_or_http_layers():
    offenders = {str(p.relative_to(ROOT)): sorted(_imports(p) & set(FORBIDDEN_IN_PAGES))
                 for p in (ROOT / "pages").rglob("*.py")}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_domain_imports_no_framework_and_no_outer_layer():
    forbidden = {"streamlit", "sqlalchemy", "duckdb", "httpx", "weasyprint", "starlette", "data", "web", "pages",
                 "cli"}
    offenders = {str(p.relative_to(ROOT)): sorted(_imports(p) & forbidden) for p in (ROOT / "domain").rglob("*.py")}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_command_line_package_is_an_edge_that_only_manage_py_imports():
    importers = {str(p.relative_to(ROOT)) for p in ROOT.glob("*.py") if "cli" in _imports(p)}
    for layer in ("domain", "data", "pages", "web"):
        importers |= {str(p.relative_to(ROOT)) for p in (ROOT / layer).rglob("*.py") if "cli" in _imports(p)}
    assert importers == {"manage.py"}


def test_every_page_in_the_navigation_exists_and_lives_in_a_sub_folder():
    from pages._ui.navigation import ALL_PAGES

    for path, *_ in ALL_PAGES:
        assert (ROOT / path).is_file(), path
        assert Path(path).parent.name in ("staff", "portal", "public"), path
