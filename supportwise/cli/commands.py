"""The CLI's handlers and their arguments (the table is in ``supportwise.cli``).

Heavy imports stay inside the handlers: ``python -m supportwise settings`` should not pay
for presidio, torch or the seeder.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from supportwise.errors import SupportWiseError
from supportwise.platform.bootstrap import open_database
from supportwise.platform.settings import Settings, describe


def iso_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a date like 2026-11-23") from exc


def _progress(verb: str):
    def show(done: int, total: int) -> None:
        print(f"\r  {verb} {done:,}/{total:,} tickets", end="", file=sys.stderr, flush=True)
    return show


def show_settings(args: argparse.Namespace, settings: Settings) -> int:
    print(describe(settings))
    return 0


def migrate(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.platform.migrate import migrate as apply

    with open_database(settings, run_migrations=False).connect_admin() as conn:
        applied = apply(conn)
    print("Applied: " + ", ".join(applied) if applied else "Database is up to date")
    return 0


def seed_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tickets", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=iso_date, help="the demo's 'today' (default: today)")


def seed(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.seed import seed_demo

    database = open_database(settings)
    today = args.today or settings.current_date()
    with database.connect_admin() as conn:
        stats = seed_demo(conn, tickets=args.tickets, seed=args.seed, today=today, progress=_progress("seeding"))
    print(file=sys.stderr)
    print(f"Seeded {stats.tickets:,} tickets, {stats.comments:,} comments, {stats.customers:,} customers, "
          f"{stats.organizations:,} organizations, {stats.agents:,} agents in {stats.seconds:.1f} s "
          f"({stats.tickets / max(stats.seconds, 1e-9):,.0f} tickets/s); today = {today}")
    return 0


def ask_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question")
    parser.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    parser.add_argument("--today", type=iso_date)
    parser.add_argument("--session", help="conversation id for follow-up questions")
    parser.add_argument("--user", help="ask as this user (role, scope and masking); default: local admin")


def ask(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 for every status of the answer (CONTRACT §3); --json prints the answer object only."""
    from supportwise.platform import redis_client
    from supportwise.questions.answer import Answer
    from supportwise.questions.context import AskContext
    from supportwise.questions.router import ask as answer_question
    from supportwise.records.roles import Principal
    from supportwise.records.users import get_user

    try:
        database = open_database(settings)
        who = get_user(database.app, args.user).principal() if args.user else Principal.local_admin()
        today = args.today or settings.current_date()
        answer = answer_question(args.question, AskContext(database, settings, who, today, args.session,
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


def worker_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")


def worker(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.tasks.worker import run_worker

    run_worker(settings, burst=args.burst)
    return 0


def scheduler(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.tasks.worker import run_scheduler

    run_scheduler(settings)
    return 0


def health(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.platform import redis_client
    from supportwise.queue.health import check_worker

    result = check_worker(redis_client.connect(settings))
    print(("OK " if result.ok else "FAILED ") + result.message)
    return 0 if result.ok else 1


def enrich_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--embeddings", action=argparse.BooleanOptionalAction, default=None,
                        help="also embed tickets for semantic search (default: when available)")


def enrich(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.text.enrich import enrich as run_enrichment

    stats = run_enrichment(open_database(settings), batch_size=args.batch_size, progress=_progress("enriching"),
                           embeddings=args.embeddings)
    print(file=sys.stderr)
    print(f"Enriched {stats.tickets:,} tickets ({stats.comments_scored:,} comments scored, {stats.embedded:,} embedded"
          f"{'' if stats.embeddings else '; no embeddings: full-text search only'}) in {stats.seconds:.1f} s")
    return 0


def start(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.cli.start import start as start_everything

    return start_everything(settings)


def stop(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.platform.embedded import stop_embedded

    stopped = stop_embedded(settings.data_dir)
    print("Stopped: " + ", ".join(stopped) if stopped else "Nothing was running")
    return 0


def eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--summary", action="store_true", help="print only the summary line")
    parser.add_argument("--suite", type=Path, help="folder of questions/followups/refusals YAML "
                                                   "(default: the tuned suite; "
                                                   "supportwise/evaluation/suites/holdout is held out)")


def evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.evaluation.harness import format_report, summary_line
    from supportwise.evaluation.run import EVAL_DIR, run_eval

    report = run_eval(settings, open_database(settings).admin_url, args.suite or EVAL_DIR)
    print(summary_line(report) if args.summary else format_report(report))
    return 0


def audit_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    actions.add_parser("verify", help="check the hash chain; report the first broken link")


def audit(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.records.audit import verify_chain

    check = verify_chain(open_database(settings).app)
    if check.ok:
        print(f"Audit chain intact: {check.rows:,} rows")
        return 0
    print(f"Audit chain BROKEN at row id {check.first_broken_id}: {check.reason}")
    return 1
