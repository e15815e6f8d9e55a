"""``python -m supportwise``: one table of subcommands (name, help, arguments, handler).

Each handler takes the parsed arguments and the settings read once at the edge, and returns
the exit code; a SupportWiseError becomes "error: …" on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from supportwise.cli import commands, glossary, schedules, users
from supportwise.errors import SupportWiseError
from supportwise.platform.settings import Settings

Handler = Callable[[argparse.Namespace, Settings], int]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Handler
    arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None


COMMANDS: tuple[Command, ...] = (
    Command("settings", "list every setting, its default and current value", commands.show_settings),
    Command("migrate", "apply pending database migrations", commands.migrate),
    Command("seed", "replace the support tables with deterministic demo data", commands.seed, commands.seed_arguments),
    Command("ask", "answer one question (CONTRACT §3)", commands.ask, commands.ask_arguments),
    Command("users", "manage app users", users.run, users.arguments),
    Command("worker", "run the RQ worker", commands.worker, commands.worker_arguments),
    Command("scheduler", "run the rq-scheduler process", commands.scheduler),
    Command("health", "round-trip a job through the worker", commands.health),
    Command("enrich", "score comment sentiment and index ticket text for search (incremental)", commands.enrich,
            commands.enrich_arguments),
    Command("start", "migrate, seed demo data if empty, run app + worker + scheduler", commands.start),
    Command("stop", "stop the embedded PostgreSQL and Redis", commands.stop),
    Command("eval", "run the accuracy harness on seeded data and print the report", commands.evaluate,
            commands.eval_arguments),
    Command("audit", "audit trail tools", commands.audit, commands.audit_arguments),
    Command("glossary", "the team glossary: fix what a word means for everyone", glossary.run_glossary,
            glossary.glossary_arguments),
    Command("verified", "verified answers: questions answered from a checked spec first", glossary.run_verified,
            glossary.verified_arguments),
    Command("schedule", "read a plain-English schedule: its cron, echo and next three runs", schedules.schedule,
            schedules.schedule_arguments),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m supportwise",
                                     description="SupportWise: ask your support data questions in plain English.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.arguments(sub.add_parser(command.name, help=command.help))
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    if getattr(args, "today", None) and args.command != "seed":
        settings = replace(settings, today=args.today)
    return next(c for c in COMMANDS if c.name == args.command).run(args, settings)


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
