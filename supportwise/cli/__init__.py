"""``python -m supportwise``: migrate, seed, ask, users, worker, scheduler, start, stop, health, settings."""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Sequence

from supportwise.errors import InvalidInput, SupportWiseError
from supportwise.records.roles import ROLES, TEAMS
from supportwise.platform.settings import Settings, describe


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a date like 2026-11-23") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m supportwise",
                                     description="SupportWise: ask your support data questions in plain English.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("settings", help="list every setting, its default and current value")
    sub.add_parser("migrate", help="apply pending database migrations")

    seed = sub.add_parser("seed", help="replace the support tables with deterministic demo data")
    seed.add_argument("--tickets", type=int, default=30_000)
    seed.add_argument("--seed", type=int, default=7)
    seed.add_argument("--today", type=_date, help="the demo's 'today' (default: today)")

    ask = sub.add_parser("ask", help="answer one question (CONTRACT §3)")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    ask.add_argument("--today", type=_date)
    ask.add_argument("--session", help="conversation id for follow-up questions")
    ask.add_argument("--user", help="ask as this user (role, scope and masking); default: local admin")

    users = sub.add_parser("users", help="manage app users")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = users_sub.add_parser("add", help="create a user (password asked for, or --password)")
    add.add_argument("username")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--team", choices=TEAMS, help="required for team_lead")
    add.add_argument("--email")
    add.add_argument("--department")
    add.add_argument("--password", help="omit to be asked without echo")
    users_sub.add_parser("list", help="list users")
    set_role = users_sub.add_parser("set-role", help="change a user's role (and team)")
    set_role.add_argument("username")
    set_role.add_argument("role", choices=ROLES)
    set_role.add_argument("--team", choices=TEAMS)
    reset = users_sub.add_parser("reset-password", help="set a new password")
    reset.add_argument("username")
    reset.add_argument("--password", help="omit to be asked without echo")

    erase = users_sub.add_parser("erase", help="delete a user's history; pseudonymize their audit rows")
    erase.add_argument("username")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    worker = sub.add_parser("worker", help="run the RQ worker")
    worker.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    sub.add_parser("scheduler", help="run the rq-scheduler process")
    sub.add_parser("health", help="round-trip a job through the worker")

    enrich = sub.add_parser("enrich", help="score comment sentiment and index ticket text for search (incremental)")
    enrich.add_argument("--batch-size", type=int, default=500)
    enrich.add_argument("--embeddings", action=argparse.BooleanOptionalAction, default=None,
                        help="also embed tickets for semantic search (default: when available)")

    sub.add_parser("start", help="migrate, seed demo data if empty, run app + worker + scheduler")
    sub.add_parser("stop", help="stop the embedded PostgreSQL and Redis")

    evaluation = sub.add_parser("eval", help="run the accuracy harness on seeded data and print the report")
    evaluation.add_argument("--summary", action="store_true", help="print only the summary line")
    evaluation.add_argument("--suite", type=Path, help="folder of questions/followups/refusals YAML "
                                                        "(default: the tuned suite; supportwise/evaluation/suites/holdout is held out)")

    audit = sub.add_parser("audit", help="audit trail tools")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_sub.add_parser("verify", help="check the hash chain; report the first broken link")
    return parser


def _password(given: str | None) -> str:
    if given:
        return given
    if not sys.stdin.isatty():
        raise InvalidInput("No --password given and no terminal to ask on")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise InvalidInput("The passwords do not match")
    return first


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.platform import redis_client
    from supportwise.questions.answer import Answer
    from supportwise.questions.context import AskContext
    from supportwise.questions.router import ask
    from supportwise.platform.bootstrap import open_database
    from supportwise.records.roles import Principal
    from supportwise.records.users import get_user

    try:
        database = open_database(settings)
        who = get_user(database.app, args.user).principal() if args.user else Principal.local_admin()
        today = args.today or settings.current_date()
        answer = ask(args.question, AskContext(database, settings, who, today, args.session,
                                               redis_client.connect(settings)))
    except SupportWiseError as exc:
        if not args.json:
            raise
        answer = Answer(status="error", question=args.question, reason=str(exc))
    if args.json:
        print(answer.to_json())
    else:
        _print_answer(answer)
    return 0


def _print_answer(answer) -> None:
    if answer.status != "ok":
        print(f"[{answer.status}] {answer.reason}")
        for suggestion in answer.suggestions:
            print(f"  try: {suggestion}")
        return
    print(answer.interpretation)
    if answer.chart and answer.chart.get("type") == "number" and answer.rows:
        print(f"\n  {answer.rows[0][-1]}\n")
    else:
        print("\n" + "\t".join(answer.columns))
        for row in answer.rows:
            print("\t".join(str(v) for v in row))
    print(f"\n{answer.sql}")


def _cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.platform.bootstrap import open_database
    from supportwise.seed import seed_demo

    database = open_database(settings)
    today = args.today or settings.current_date()

    def progress(done: int, total: int) -> None:
        print(f"\r  seeding {done:,}/{total:,} tickets", end="", file=sys.stderr, flush=True)

    with database.connect_admin() as conn:
        stats = seed_demo(conn, tickets=args.tickets, seed=args.seed, today=today, progress=progress)
    print(file=sys.stderr)
    print(f"Seeded {stats.tickets:,} tickets, {stats.comments:,} comments, {stats.customers:,} customers, "
          f"{stats.organizations:,} organizations, {stats.agents:,} agents in {stats.seconds:.1f} s "
          f"({stats.tickets / max(stats.seconds, 1e-9):,.0f} tickets/s); today = {today}")
    return 0


def _cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.records import users
    from supportwise.platform.bootstrap import open_database

    from supportwise.records import audit
    from supportwise.records.roles import Principal

    engine = open_database(settings).app
    admin = Principal.local_admin()
    if args.users_command == "list":
        for u in users.list_users(engine):
            team = f" ({u.team})" if u.team else ""
            print(f"{u.username:16} {u.role}{team:14} {u.name}{'' if u.active else '  [inactive]'}")
    elif args.users_command == "add":
        u = users.add_user(engine, args.username, args.name, _password(args.password), args.role, team=args.team,
                           email=args.email, department=args.department)
        audit.record(engine, admin, "user_add", detail={"user": u.username, "role": u.role, "team": u.team})
        print(f"Added {u.username} as {u.role}")
    elif args.users_command == "set-role":
        u = users.set_role(engine, args.username, args.role, args.team)
        audit.record(engine, admin, "user_set_role", detail={"user": u.username, "role": u.role, "team": u.team})
        print(f"{u.username} is now {u.role}{' of ' + u.team if u.team else ''}")
    elif args.users_command == "erase":
        from supportwise.platform import redis_client
        from supportwise.records.erasure import erase_user

        if not args.yes and (not sys.stdin.isatty() or input(f"Erase {args.username}? [y/N] ").lower() != "y"):
            raise InvalidInput("Not erased: confirm with --yes")
        report = erase_user(open_database(settings), redis_client.connect(settings), settings.data_dir, args.username,
                            by=admin)
        print(f"Erased {args.username} → {report.pseudonym}: {report.conversations} conversations, "
              f"{report.feedback} feedback, {report.redis_keys} session keys, {report.export_files} export files "
              f"deleted; {report.audit_rows} audit rows and {report.llm_calls} LLM calls pseudonymized")
    elif args.users_command == "reset-password":
        users.reset_password(engine, args.username, _password(args.password))
        audit.record(engine, admin, "user_reset_password", detail={"user": args.username})
        print(f"Password of {args.username} changed")
    return 0


def _cmd_enrich(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.platform.bootstrap import open_database
    from supportwise.text.enrich import enrich

    def progress(done: int, total: int) -> None:
        print(f"\r  enriching {done:,}/{total:,} tickets", end="", file=sys.stderr, flush=True)

    stats = enrich(open_database(settings), batch_size=args.batch_size, progress=progress, embeddings=args.embeddings)
    print(file=sys.stderr)
    print(f"Enriched {stats.tickets:,} tickets ({stats.comments_scored:,} comments scored, {stats.embedded:,} embedded"
          f"{'' if stats.embeddings else '; no embeddings: full-text search only'}) in {stats.seconds:.1f} s")
    return 0


def _cmd_health(settings: Settings) -> int:
    from supportwise.platform import redis_client
    from supportwise.queue.health import check_worker

    health = check_worker(redis_client.connect(settings))
    print(("OK " if health.ok else "FAILED ") + health.message)
    return 0 if health.ok else 1


def _cmd_audit_verify(settings: Settings) -> int:
    from supportwise.records.audit import verify_chain
    from supportwise.platform.bootstrap import open_database

    check = verify_chain(open_database(settings).app)
    if check.ok:
        print(f"Audit chain intact: {check.rows:,} rows")
        return 0
    print(f"Audit chain BROKEN at row id {check.first_broken_id}: {check.reason}")
    return 1


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    if getattr(args, "today", None) and args.command != "seed":
        settings = replace(settings, today=args.today)
    command = args.command
    if command == "settings":
        print(describe(settings))
        return 0
    if command == "migrate":
        from supportwise.platform.bootstrap import open_database
        from supportwise.platform.migrate import migrate

        with open_database(settings, run_migrations=False).connect_admin() as conn:
            applied = migrate(conn)
        print("Applied: " + ", ".join(applied) if applied else "Database is up to date")
        return 0
    if command == "seed":
        return _cmd_seed(args, settings)
    if command == "ask":
        return _cmd_ask(args, settings)
    if command == "users":
        return _cmd_users(args, settings)
    if command == "worker":
        from supportwise.tasks.worker import run_worker

        run_worker(settings, burst=args.burst)
        return 0
    if command == "scheduler":
        from supportwise.tasks.worker import run_scheduler

        run_scheduler(settings)
        return 0
    if command == "health":
        return _cmd_health(settings)
    if command == "enrich":
        return _cmd_enrich(args, settings)
    if command == "start":
        from supportwise.cli.start import start

        return start(settings)
    if command == "stop":
        from supportwise.platform.embedded import stop_embedded

        stopped = stop_embedded(settings.data_dir)
        print("Stopped: " + ", ".join(stopped) if stopped else "Nothing was running")
        return 0
    if command == "audit":
        return _cmd_audit_verify(settings)
    if command == "eval":
        from supportwise.platform.bootstrap import open_database
        from supportwise.evaluation.run import run_eval
        from supportwise.evaluation.harness import format_report, summary_line

        from supportwise.evaluation.run import EVAL_DIR

        report = run_eval(settings, open_database(settings).admin_url, args.suite or EVAL_DIR)
        print(summary_line(report) if args.summary else format_report(report))
        return 0
    raise AssertionError(command)  # argparse only lets known commands through


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except SupportWiseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if exc.detail:
            print(exc.detail, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
