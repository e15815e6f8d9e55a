"""What raw SQL may touch: the support tables, their columns, and a closed set of syntax.

Everything here is an allow-list: a node type, function, data type or table that is not
listed is refused. sqlglot maps many PostgreSQL function names onto its own classes
(``now()`` → ``CurrentTimestamp``, ``version()`` → ``CurrentVersion``), so functions are
allowed by *class*; names sqlglot does not know (``exp.Anonymous``) are allowed by name.
"""

from __future__ import annotations

from sqlglot import exp

SCHEMA_NAME = "public"

# CONTRACT §1 and the text analytics tables of migration 0007 (derived from comments by
# supportwise.text.enrich; team-scoped like comments in scope.py), with PostgreSQL types.
# tests/security/test_allowlist_schema.py compares this with the real database's
# information_schema, so a migration cannot drift from it silently. ticket_embeddings is not
# listed: vectors answer no question, and the table exists only where pgvector does.
SUPPORT_SCHEMA: dict[str, dict[str, str]] = {
    "organizations": {
        "id": "bigint", "name": "text", "plan": "text", "region": "text", "created_at": "timestamptz",
    },
    "customers": {
        "id": "bigint", "organization_id": "bigint", "name": "text", "email": "text", "phone": "text",
        "created_at": "timestamptz",
    },
    "agents": {
        "id": "bigint", "name": "text", "email": "text", "team": "text", "active": "boolean",
    },
    "tickets": {
        "id": "bigint", "subject": "text", "description": "text", "status": "text", "priority": "text",
        "channel": "text", "ticket_type": "text", "product_area": "text", "team": "text",
        "requester_id": "bigint", "organization_id": "bigint", "assignee_id": "bigint", "tags": "text[]",
        "satisfaction": "text", "reopens": "int", "created_at": "timestamptz", "updated_at": "timestamptz",
        "first_response_at": "timestamptz", "solved_at": "timestamptz",
    },
    "comments": {
        "id": "bigint", "ticket_id": "bigint", "author_type": "text", "author_id": "bigint", "body": "text",
        "public": "boolean", "created_at": "timestamptz",
    },
    "feature_releases": {
        "id": "bigint", "name": "text", "product_area": "text", "released_at": "timestamptz", "description": "text",
    },
    "ticket_text": {
        "ticket_id": "bigint", "sentiment_mean": "real", "sentiment_first": "real", "sentiment_last": "real",
        "sentiment_label": "text", "customer_comments": "int", "document": "tsvector", "enriched_at": "timestamptz",
    },
    "comment_sentiment": {
        "comment_id": "bigint", "ticket_id": "bigint", "score": "real", "label": "text",
    },
}

ALLOWED_TABLES = frozenset(SUPPORT_SCHEMA)

# Query structure, operators and literals. No Dot (schema-qualified function calls), no
# Placeholder/Parameter (raw SQL carries no parameters), no RawString/ByteString ($$…$$, E'…').
ALLOWED_SYNTAX: frozenset[type[exp.Expression]] = frozenset({
    exp.Select, exp.Union, exp.Intersect, exp.Except, exp.With, exp.CTE, exp.Subquery,
    exp.From, exp.Join, exp.Where, exp.Group, exp.Having, exp.Order, exp.Ordered,
    exp.Limit, exp.Offset, exp.Fetch, exp.LimitOptions, exp.Distinct,
    exp.Table, exp.TableAlias, exp.Alias, exp.Column, exp.Identifier, exp.Star,
    exp.Literal, exp.Null, exp.Boolean, exp.Var, exp.Interval, exp.DataType, exp.DataTypeParam,
    exp.Paren, exp.Tuple, exp.Values, exp.Lateral, exp.Window, exp.WindowSpec, exp.Filter,
    exp.WithinGroup, exp.Kwarg, exp.Bracket, exp.AtTimeZone,
    exp.And, exp.Or, exp.Not, exp.Neg, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE,
    exp.NullSafeEQ, exp.NullSafeNEQ, exp.Is, exp.In, exp.Between, exp.Like, exp.ILike,
    exp.RegexpLike, exp.RegexpILike, exp.SimilarTo, exp.Exists, exp.Any, exp.All,
    exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.Pow, exp.DPipe,
    exp.Array, exp.ArrayContainsAll, exp.ArrayContainedBy, exp.ArrayOverlaps,
    exp.Case, exp.If, exp.Cast,
})

# Functions, by the sqlglot class their PostgreSQL name parses to.
ALLOWED_FUNCTIONS: frozenset[type[exp.Expression]] = frozenset({
    # aggregates
    exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.Stddev, exp.StddevSamp, exp.StddevPop,
    exp.Variance, exp.VariancePop, exp.PercentileCont, exp.PercentileDisc, exp.Mode,
    exp.LogicalAnd, exp.LogicalOr, exp.GroupConcat, exp.ArrayAgg,
    # date and time; now()/current_date/current_timestamp only read the clock (decision noted in
    # validator.py); the engine itself prefers literal dates from the configured "today"
    exp.TimestampTrunc, exp.DateTrunc, exp.Extract, exp.TimeToStr, exp.MakeInterval,
    exp.JustifyHours, exp.JustifyDays, exp.JustifyInterval, exp.CurrentTimestamp, exp.CurrentDate,
    # strings
    exp.Lower, exp.Upper, exp.Length, exp.Substring, exp.Trim, exp.StrPosition, exp.Replace,
    exp.SplitPart, exp.Concat, exp.ConcatWs, exp.Coalesce, exp.Nullif, exp.Greatest, exp.Least, exp.Left, exp.Right,
    # math
    exp.Round, exp.Ceil, exp.Floor, exp.Abs,
    # window functions
    exp.RowNumber, exp.Rank, exp.DenseRank, exp.Lag, exp.Lead, exp.Ntile, exp.FirstValue,
    exp.LastValue, exp.PercentRank, exp.CumeDist,
    # unnest(<column>) only; the argument rule lives in nodes.py
    exp.Unnest,
})

# Functions sqlglot does not model (exp.Anonymous), by lower-case PostgreSQL name.
ALLOWED_ANONYMOUS_FUNCTIONS = frozenset({"age"})

# Where a bare keyword (exp.Var) may stand: units and frame words, never a value.
VAR_SLOTS = frozenset({
    (exp.Extract, "this"), (exp.TimestampTrunc, "unit"), (exp.DateTrunc, "unit"),
    (exp.Interval, "unit"), (exp.Kwarg, "this"), (exp.Limit, "expression"),
})

# Plain scalar types for casts; no reg* object identifiers, no user-defined or catalog types.
_T = exp.DataType.Type
ALLOWED_TYPES = frozenset({
    _T.SMALLINT, _T.INT, _T.BIGINT, _T.DECIMAL, _T.FLOAT, _T.DOUBLE, _T.TEXT, _T.VARCHAR, _T.CHAR,
    _T.BOOLEAN, _T.DATE, _T.TIME, _T.TIMETZ, _T.TIMESTAMP, _T.TIMESTAMPTZ, _T.INTERVAL, _T.ARRAY,
})

# Friendly names for refused node types, so a message says what the person wrote.
REFUSED_LABELS: dict[type[exp.Expression], str] = {
    exp.Insert: "INSERT (writes data)",
    exp.Update: "UPDATE (writes data)",
    exp.Delete: "DELETE (writes data)",
    exp.Merge: "MERGE (writes data)",
    exp.Copy: "COPY",
    exp.Create: "CREATE (changes the schema)",
    exp.Drop: "DROP (changes the schema)",
    exp.Alter: "ALTER (changes the schema)",
    exp.TruncateTable: "TRUNCATE (deletes data)",
    exp.Comment: "COMMENT ON (changes the schema)",
    exp.Grant: "GRANT",
    exp.Revoke: "REVOKE",
    exp.Into: "SELECT INTO (creates a table)",
    exp.Lock: "FOR UPDATE / FOR SHARE (row locks)",
    exp.Set: "SET (changes a setting)",
    exp.Transaction: "transaction control",
    exp.Commit: "COMMIT",
    exp.Rollback: "ROLLBACK",
    exp.Analyze: "ANALYZE",
    exp.Execute: "EXECUTE",
    exp.Declare: "DECLARE",
    exp.Placeholder: "a query parameter",
    exp.Parameter: "a query parameter",
    exp.RawString: "a dollar-quoted string",
    exp.ByteString: "an escape string (E'…')",
    exp.Dot: "a schema-qualified name",
    exp.TableSample: "TABLESAMPLE",
}

# Nodes that change data or the session wherever they appear (a data-modifying CTE, SELECT
# INTO, a locking clause). Checked first, over the whole tree, for the clearest message.
WRITE_NODES: tuple[type[exp.Expression], ...] = (
    exp.DML, exp.DDL, exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Copy, exp.Create, exp.Drop,
    exp.Alter, exp.TruncateTable, exp.Comment, exp.Grant, exp.Revoke, exp.Into, exp.Lock, exp.Set,
    exp.Command, exp.Transaction, exp.Commit, exp.Rollback, exp.Analyze, exp.Execute, exp.Declare,
)
