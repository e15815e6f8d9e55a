"""Architecture rules as tests: the domain knows nothing of Streamlit, the UI knows nothing of SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = sorted((ROOT / "supportwise").rglob("*.py"))
UI = sorted([ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py")])
MAX_LINES = 450

# Packages only the domain may talk to: SQL building, database drivers, LLM clients.
UI_FORBIDDEN_IMPORTS = ("sqlglot", "sqlalchemy", "psycopg", "anthropic", "google.genai", "openai")
SQL_IN_STRING = re.compile(
    r"\bSELECT\b[\s\S]*?\bFROM\b"                                      # upper-case SQL
    r"|(?i:\bselect\s+(\*|count\s*\(|distinct\b|[\w.]+\s*,)[\s\S]*?\bfrom\b)"  # lower-case SQL
    r"|(?i:\binsert\s+into\b|\bdelete\s+from\b|\bupdate\s+[\w.]+\s+set\b|\b(drop|alter|truncate)\s+table\b)")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return names


def _string_literals(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):  # f-strings: check the literal parts joined
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            found.append((node.lineno, text))
    return found


def _parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(), filename=str(path))


def test_the_file_lists_are_not_empty():
    assert len(DOMAIN) > 10
    assert {p.name for p in UI} >= {"app.py", "ask.py", "reports.py", "trends.py", "costs.py", "audit.py"}


@pytest.mark.parametrize("path", DOMAIN, ids=_rel)
def test_domain_imports_no_streamlit(path):
    bad = [name for name in _imports(_parse(path)) if name == "streamlit" or name.startswith("streamlit.")
           or name.startswith("streamlit_")]
    assert not bad, f"{_rel(path)} imports {bad}: the domain must stay usable from the CLI and workers"


@pytest.mark.parametrize("path", UI, ids=_rel)
def test_ui_imports_no_sql_or_llm_clients(path):
    bad = [name for name in _imports(_parse(path))
           if any(name == f or name.startswith(f + ".") for f in UI_FORBIDDEN_IMPORTS)]
    assert not bad, f"{_rel(path)} imports {bad}: call a supportwise function instead"


@pytest.mark.parametrize("path", UI, ids=_rel)
def test_ui_contains_no_sql(path):
    bad = [(line, text[:60]) for line, text in _string_literals(_parse(path)) if SQL_IN_STRING.search(text)]
    assert not bad, f"{_rel(path)} has SQL in string literals at {bad}: SQL belongs in supportwise/ or sql/"


@pytest.mark.parametrize("path", UI + DOMAIN, ids=_rel)
def test_files_stay_small(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{_rel(path)} has {lines} lines; split it (limit {MAX_LINES})"


def test_app_is_navigation_only():
    tree = _parse(ROOT / "app.py")
    calls = {node.func.attr for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}
    assert "navigation" in calls and "Page" in calls
    assert not calls & {"dataframe", "metric", "altair_chart", "chat_input", "write"}, calls


@pytest.mark.parametrize("text, is_sql", [
    ("SELECT count(*) AS n FROM tickets", True),
    ("select count(*) from tickets where priority = 'urgent'", True),
    ("select id, name from app.users", True),
    ("DELETE FROM app.audit_log", True),
    ("insert into app.users values (1)", True),
    ("update app.users set role = 'admin'", True),
    ("Select a date range from the calendar", False),
    ("Questions by engine", False),
    ("Pick the last day of the period too.", False),
])
def test_the_sql_detector(text, is_sql):
    assert bool(SQL_IN_STRING.search(text)) is is_sql
