"""Data scope: a team lead's query reads only their team's tickets and what hangs off them.

Applied to the final tree (engine-compiled or validated raw SQL alike), so the shape of a
question — joins, subqueries, CTEs, set operations, LATERAL — cannot reach another team.

Each reference to a support table is replaced by a filtered derived table under the same
name, e.g. ``tickets AS t`` → ``(SELECT * FROM public.tickets WHERE team = %(scope_team)s) AS t``.
A WHERE clause added to the query instead would be wrong on outer joins and easy to miss in
nested queries; a derived table keeps the alias (and ``tickets.id`` when the alias is the table
name), so the rest of the query reads exactly as before, just over fewer rows.

What a team lead of team T sees (CONTRACT §1 tables):
- tickets: team = T;
- comments: those on T's tickets;
- customers: those who requested one of T's tickets;
- organizations: those with one of T's tickets;
- agents: T's own agents and any agent assigned to one of T's tickets — a T ticket can be
  assigned across teams, and "tickets by agent" must name that assignee, not show a blank;
- feature_releases: everything (product data, not customer data);
- ticket_text (sentiment and search document per ticket): the rows of T's tickets;
- comment_sentiment: the rows of comments on T's tickets, judged through comments (the
  comment's ticket now) and also by the row's own copy of ticket_id, so neither a stale copy
  nor a moved comment shows another team's score.
Anything else (catalog views such as pg_stats, other schemas) and functions that run SQL text
(query_to_xml …) are refused for a scoped user: no rewrite can vouch for what they read.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from supportwise.errors import Rejected

SCOPE_PARAM = "scope_team"

_TEAM_TICKETS = f"SELECT {{column}} FROM public.tickets WHERE team = %({SCOPE_PARAM})s"
_TEAM_COMMENTS = f"SELECT id FROM public.comments WHERE ticket_id IN ({_TEAM_TICKETS.format(column='id')})"

# The condition each support table's rows must meet, over that table's own columns.
ROW_FILTERS: dict[str, str] = {
    "tickets": f"team = %({SCOPE_PARAM})s",
    "comments": f"ticket_id IN ({_TEAM_TICKETS.format(column='id')})",
    "customers": f"id IN ({_TEAM_TICKETS.format(column='requester_id')})",
    "organizations": f"id IN ({_TEAM_TICKETS.format(column='organization_id')})",
    "agents": f"team = %({SCOPE_PARAM})s OR id IN ({_TEAM_TICKETS.format(column='assignee_id')})",
    "ticket_text": f"ticket_id IN ({_TEAM_TICKETS.format(column='id')})",
    "comment_sentiment": f"comment_id IN ({_TEAM_COMMENTS}) AND ticket_id IN ({_TEAM_TICKETS.format(column='id')})",
}
UNSCOPED_TABLES = frozenset({"feature_releases"})
SUPPORT_SCHEMA = "public"

# They execute SQL given as text or dump whole relations named by a string: the tables they
# read are not in the tree, so they cannot be rewritten.
SQL_RUNNING_FUNCTIONS = frozenset({
    "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema",
    "table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema",
    "cursor_to_xml", "cursor_to_xmlschema",
    "schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema",
    "database_to_xml", "database_to_xmlschema", "database_to_xml_and_xmlschema",
    "ts_stat", "dblink", "dblink_exec", "dblink_open", "dblink_fetch", "dblink_send_query",
})

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _parse(sql: str) -> exp.Expression:
    return sqlglot.parse_one(sql, read="postgres")


_CONDITIONS = {table: _parse(f"SELECT 1 WHERE {cond}").args["where"].this for table, cond in ROW_FILTERS.items()}

# SELECTs this module writes; meeting one again (a second pass) means "already scoped".
_SCOPED_SELECTS = frozenset(
    [_parse(f"SELECT * FROM {SUPPORT_SCHEMA}.{t} WHERE {c}").sql(dialect="postgres") for t, c in ROW_FILTERS.items()]
    + [_parse(_TEAM_TICKETS.format(column=c)).sql(dialect="postgres")
       for c in ("id", "requester_id", "organization_id", "assignee_id")]
    + [_parse(_TEAM_COMMENTS).sql(dialect="postgres")])


def restrict_to_team(expression: exp.Expression, team: str | None, params: dict) -> exp.Expression:
    """Return a copy of the query that reads only team's data; team None returns it unchanged.

    Binds ``params["scope_team"] = team``. Example (a CTE named tickets is left alone, its body
    is scoped):
    ``WITH tickets AS (SELECT id FROM tickets) SELECT count(*) FROM tickets`` →
    ``WITH tickets AS (SELECT id FROM (SELECT * FROM public.tickets WHERE team = %(scope_team)s)
    AS tickets) SELECT count(*) FROM tickets``.
    Raises Rejected for relations outside the support tables and for SQL-running functions.
    """
    if team is None:
        return expression
    tree = expression.copy()
    params[SCOPE_PARAM] = team
    _refuse_sql_running_functions(tree)
    targets = []
    for table in list(tree.find_all(exp.Table)):
        if not isinstance(table.this, exp.Identifier):
            continue  # a function in FROM (generate_series, unnest …): no stored rows
        if _is_cte_reference(table) or _is_scoped_select(table.parent):
            continue
        name = _support_table(table)
        if name not in UNSCOPED_TABLES:
            targets.append((table, name))
    renamed: set[tuple[str, str]] = set()  # (schema, table) of unaliased qualified references
    for table, name in targets:
        if table.args.get("db") is not None and table.args.get("alias") is None:
            renamed.add((_pg_name(table.args["db"]), _pg_name(table.this)))
        table.replace(_scoped_source(table, name))
    _unqualify_columns(tree, renamed)
    return tree


def team_source(table: str, alias: str, team: str | None, params: dict) -> str:
    """The FROM item reading a support table as ``team`` may see it, as text for ``sqlalchemy.text``.

    For SQL that sqlglot cannot carry through unchanged (pgvector's ``<=>``, full-text search):
    the same derived table restrict_to_team puts in every question, bound the same way.
    ``team_source("tickets", "t", "Billing", params)`` →
    ``(SELECT * FROM public.tickets WHERE team = :scope_team) AS t``; team None → ``public.tickets AS t``.
    """
    if table not in ROW_FILTERS and table not in UNSCOPED_TABLES:
        raise Rejected(f"{table} is not a support table", detail=table)
    if team is None or table in UNSCOPED_TABLES:
        return f"{SUPPORT_SCHEMA}.{table} AS {alias}"
    params[SCOPE_PARAM] = team
    source = _scoped_source(exp.table_(table, alias=alias), table).sql(dialect="postgres")
    return source.replace(f"%({SCOPE_PARAM})s", f":{SCOPE_PARAM}")


def _pg_name(identifier: exp.Expression) -> str:
    """The name PostgreSQL resolves for this identifier as generated: quoted is exact, else ASCII-lowercased."""
    text = identifier.sql(dialect="postgres")
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        return text[1:-1].replace('""', '"')
    return text.translate(_ASCII_LOWER)


def _is_cte_reference(table: exp.Table) -> bool:
    """True when PostgreSQL resolves this table name to a WITH query rather than a stored table.

    Unqualified names only. Walking outwards, a WITH list is visible from its main query; from
    inside one of its own items, only the earlier items — or all of them under RECURSIVE.
    When unsure this says False: the reference is then scoped, which can narrow but never leak.
    """
    if table.args.get("db") is not None or table.args.get("catalog") is not None:
        return False
    name = _pg_name(table.this)
    child: exp.Expression = table
    node = table.parent
    while node is not None:
        visible: list[exp.Expression] = []
        if isinstance(node, exp.With):
            position = next((i for i, cte in enumerate(node.expressions) if cte is child), None)
            if position is not None:
                visible = node.expressions if node.args.get("recursive") else node.expressions[:position]
        else:
            with_ = node.args.get("with_")
            if isinstance(with_, exp.With) and with_ is not child:
                visible = with_.expressions
        if any(isinstance(cte, exp.CTE) and cte.args.get("alias") is not None
               and _pg_name(cte.args["alias"].this) == name for cte in visible):
            return True
        child, node = node, node.parent
    return False


def _is_scoped_select(from_: exp.Expression | None) -> bool:
    """True for the FROM of a SELECT this module wrote (rewriting twice adds nothing)."""
    select = from_.parent if isinstance(from_, exp.From) else None
    return isinstance(select, exp.Select) and select.sql(dialect="postgres") in _SCOPED_SELECTS


def _support_table(table: exp.Table) -> str:
    """The support table a reference reads; Rejected for anything else (catalog, other schemas)."""
    schema = _pg_name(table.args["db"]) if table.args.get("db") is not None else SUPPORT_SCHEMA
    name = _pg_name(table.this)
    if schema != SUPPORT_SCHEMA or (name not in ROW_FILTERS and name not in UNSCOPED_TABLES):
        raise Rejected("This question reaches outside the support tables a team lead may read.",
                       detail=f"relation {table.sql(dialect='postgres')}")
    return name


def _scoped_source(table: exp.Table, name: str) -> exp.Subquery:
    """``(SELECT * FROM public.<name> WHERE <filter>)`` carrying the table's alias and nested joins."""
    # Spelled canonically (public.tickets, whatever the case or quoting written): the same
    # relation, and a second pass recognises the SELECT as its own.
    inner = exp.table_(name, db=SUPPORT_SCHEMA)
    for arg in ("only", "sample"):
        if table.args.get(arg) is not None:
            inner.set(arg, table.args[arg].copy() if isinstance(table.args[arg], exp.Expression) else table.args[arg])
    body = exp.select("*").from_(inner).where(_CONDITIONS[name].copy())
    alias = table.args.get("alias") or exp.TableAlias(this=table.this.copy())
    # joins/laterals of a parenthesised join "(tickets t JOIN comments c ON …)" stay attached,
    # as the same nodes: the tables inside them are rewritten in their turn.
    return exp.Subquery(this=body, alias=alias.copy(), joins=table.args.get("joins"),
                        laterals=table.args.get("laterals"), pivots=table.args.get("pivots"))


def _unqualify_columns(tree: exp.Expression, renamed: set[tuple[str, str]]) -> None:
    """``public.tickets.id`` → ``tickets.id``: the FROM entry is now a derived table named tickets."""
    if not renamed:
        return
    for column in tree.find_all(exp.Column):
        db, table = column.args.get("db"), column.args.get("table")
        if db is not None and table is not None and (_pg_name(db), _pg_name(table)) in renamed:
            column.set("db", None)
            column.set("catalog", None)


def _refuse_sql_running_functions(tree: exp.Expression) -> None:
    """Rejected if the query calls a function of SQL_RUNNING_FUNCTIONS (any case, any schema)."""
    for func in tree.find_all(exp.Func):
        name = func.name if isinstance(func, exp.Anonymous) else func.sql_name()
        if name.lower() in SQL_RUNNING_FUNCTIONS:
            raise Rejected("This question calls a function that runs its own SQL; it cannot be scoped to a team.",
                           detail=f"function {name}")
