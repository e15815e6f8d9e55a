"""Architecture rules as tests: the domain knows nothing of Streamlit, the UI knows nothing of SQL."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = sorted((ROOT / "supportwise").rglob("*.py"))
UI = sorted([ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py")])
MAX_LINES = 400

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


def test_ruff_finds_nothing():
    """The linter's configuration (pyproject.toml [tool.ruff]) holds for the whole tree."""
    found = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", str(ROOT)],
                           capture_output=True, text=True, cwd=ROOT)
    assert found.returncode == 0, found.stdout + found.stderr


def test_the_package_root_holds_only_the_entry_points_and_the_error_tree():
    modules = sorted(p.name for p in (ROOT / "supportwise").glob("*.py"))
    assert modules == ["__init__.py", "__main__.py", "errors.py"], "put new modules into a wing"


def test_the_question_path_reads_in_one_short_module():
    pipeline = (ROOT / "supportwise" / "questions" / "pipeline.py").read_text()
    assert len(pipeline.splitlines()) <= 90
    for step in ("check_rate", "plan_question", "compile_spec", "check_query", "restrict_to_team", "fingerprint",
                 "ResultCache", "run_readonly", "compare_with_before"):
        assert step in pipeline, f"the pipeline no longer shows its step {step}"


def _code_strings(path: Path) -> list[str]:
    return [text for _, text in _string_literals(_parse(path))]


def test_one_read_only_preamble():
    holders = [_rel(p) for p in DOMAIN if any("READ ONLY" in t and "SET TRANSACTION" in t for t in _code_strings(p))]
    assert holders == ["supportwise/platform/readonly.py"]


def test_settings_are_read_from_the_environment_only_at_the_edges():
    edges = {"supportwise/platform/settings.py", "supportwise/tasks/bootstrap.py", "supportwise/cli/__init__.py"}
    readers = {_rel(p) for p in DOMAIN if "from_env(" in p.read_text() or "get_settings(" in p.read_text()}
    assert readers <= edges, readers - edges


def test_every_job_kind_names_a_function_that_exists():
    from supportwise.queue.kinds import KINDS

    for kind in KINDS.values():
        for path in filter(None, (kind.function, kind.on_failure, kind.on_stopped)):
            module, name = path.rsplit(".", 1)
            assert callable(getattr(importlib.import_module(module), name)), path
