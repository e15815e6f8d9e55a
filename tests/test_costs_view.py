"""The Costs page's data: spend per day, user, department and provider, budget use, costliest questions."""

from datetime import date

import sqlalchemy as sa

from supportwise.records import audit
from supportwise.records.roles import Principal
from supportwise.views.costs import costs_view


def test_costs_view_adds_up(db):
    rows = [("ann", "Support", "anthropic", 0.30), ("ann", "Support", "gemini", 0.10),
            ("bob", "Sales", "anthropic", 0.05)]
    with db.app.begin() as conn:
        for user, dept, provider, usd in rows:
            conn.execute(sa.text("INSERT INTO app.llm_calls (username, department, provider, model, purpose, "
                                 "cost_usd, ok) VALUES (:u, :d, :p, 'm', 'question_spec', :c, true)"),
                         {"u": user, "d": dept, "p": provider, "c": usd})
    audit.record(db.app, Principal("ann", "manager"), "question", question="odd one", engine="llm:anthropic",
                 cost_usd=0.30, status="ok")
    view = costs_view(db, date.today(), daily_budget_usd=0.5)
    by_user = view.spend_by_user.set_index("username")
    assert float(by_user.loc["ann", "cost_usd"]) == 0.40 and by_user.loc["ann", "department"] == "Support"
    assert round(float(by_user.loc["ann", "budget_used_pct"])) == 80
    assert {r.provider: float(r.cost_usd) for r in view.spend_by_provider.itertuples()} == \
        {"anthropic": 0.35, "gemini": 0.10}
    assert list(view.expensive_questions["question"]) == ["odd one"]
    assert round(view.total_usd, 2) == 0.45
