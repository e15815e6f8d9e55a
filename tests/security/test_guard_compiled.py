"""The guard is a stage of the question path: every compiled tree is checked before it is scoped and run.

Table-driven: every question of every evaluation suite (single questions, each turn of each
follow-up chain with its context, the refusals the parser reads anyway) compiles to a tree the
guard accepts. Then deliberately broken compiler output — a write, an unknown table, a function
off the list, an unbound parameter — is refused, by the guard alone and through ask(), with an
audit row and without touching the data.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
import sqlglot
from sqlglot import exp

from supportwise.engine.compile import CompiledQuery, compile_spec
from supportwise.engine.names import NameIndex
from supportwise.engine.parse import parse_question
from supportwise.errors import QuestionError, SqlRejected
from supportwise.evaluation.harness import load_suite
from supportwise.evaluation.run import SUITES_DIR
from supportwise.guard.compiled import check_query
from supportwise.questions import pipeline
from supportwise.questions.context import AskContext
from supportwise.questions.names import source_for
from supportwise.questions.router import ask
from supportwise.records import audit
from supportwise.records.roles import Principal
from tests.conftest import TEST_TODAY

SUITES = ("tuned", "holdout", "holdout2")
LEAD = Principal("lee", "team_lead", "Frontline")


def _compiled_questions(names) -> list[tuple[str, CompiledQuery]]:
    """(case id, compiled query) for every case the offline parser reads, follow-ups in their chain."""
    compiled = []
    for name in SUITES:
        suite = load_suite(SUITES_DIR / name)
        for case in [*suite.questions, *suite.refusals]:
            try:
                compiled.append((f"{name}/{case.id}", compile_spec(parse_question(case.question, TEST_TODAY, names))))
            except QuestionError:
                continue  # declined or refused by the parser: nothing is compiled
        for chain in suite.chains:
            previous = None
            for case in chain:
                try:
                    previous = parse_question(case.question, TEST_TODAY, names, previous)
                except QuestionError:
                    continue
                compiled.append((f"{name}/{case.id}", compile_spec(previous)))
    return compiled


def test_every_question_of_every_suite_compiles_to_a_tree_the_guard_accepts(seeded_db):
    cases = _compiled_questions(source_for(seeded_db.reader).index())
    assert len(cases) > 500  # the suites hold 600+ questions; most of them compile
    refused = []
    for case_id, query in cases:
        try:
            check_query(query.expression, query.params)
        except SqlRejected as exc:
            refused.append(f"{case_id}: {exc}\n    {query.sql()}")
    assert not refused, "\n".join(refused)


def _urgent_last_week() -> CompiledQuery:
    return compile_spec(parse_question("How many urgent tickets did we get last week?", TEST_TODAY,
                                       NameIndex.of(organization=[], agent=[])))


def _broken(kind: str) -> CompiledQuery:
    good = _urgent_last_week()
    tree = good.expression.copy()
    params = dict(good.params)
    if kind == "write":  # a data-modifying CTE in front of the count
        tree = sqlglot.parse_one("WITH gone AS (DELETE FROM tickets RETURNING id) SELECT count(*) FROM gone",
                                 read="postgres")
    elif kind == "unknown table":
        tree.find(exp.Table).set("this", exp.to_identifier("pg_authid"))
    elif kind == "app schema":
        tree.find(exp.Table).replace(exp.table_("users", db="app", alias="t"))
    elif kind == "function off the list":
        tree.find(exp.Count).replace(exp.Anonymous(this="pg_sleep", expressions=[exp.Literal.number(5)]))
    elif kind == "unbound parameter":
        params.pop(next(iter(params)))
    elif kind == "positional parameter":
        tree.find(exp.Placeholder).replace(exp.Placeholder())
    return CompiledQuery(tree, params, good.value_column, good.category_columns)


BROKEN = ("write", "unknown table", "app schema", "function off the list", "unbound parameter",
          "positional parameter")


def test_the_intact_tree_passes():
    good = _urgent_last_week()
    assert check_query(good.expression, good.params) is not None


@pytest.mark.parametrize("kind", BROKEN)
def test_broken_compiler_output_is_refused_by_the_guard(kind):
    broken = _broken(kind)
    with pytest.raises(SqlRejected):
        check_query(broken.expression, broken.params)


@pytest.mark.parametrize("kind", BROKEN)
def test_broken_compiler_output_is_refused_on_the_question_path(kind, seeded_db, test_settings, monkeypatch):
    """A compiler bug reaches the guard stage of ask(): refused, audited, nothing run."""
    monkeypatch.setattr(pipeline, "compile_spec", lambda spec: _broken(kind))
    with seeded_db.admin.connect() as conn:
        before = conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one()
    answer = ask("How many urgent tickets did we get last week?", AskContext(seeded_db, test_settings, LEAD,
                                                                             TEST_TODAY))
    assert answer.status == "rejected" and answer.reason.startswith("Refused:") and answer.rows == []
    (row,) = audit.recent(seeded_db.app, action="question")
    assert row["id"] == answer.audit_id and row["status"] == "rejected" and row["sql"] is None
    with seeded_db.admin.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one() == before
