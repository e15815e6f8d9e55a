"""``python -m supportwise glossary …`` and ``verified …``: the team glossary and verified answers,
edited as the local admin; every change is audited like the Data page's."""

from __future__ import annotations

import argparse

from supportwise.cli.commands import iso_date
from supportwise.errors import InvalidInput
from supportwise.platform.bootstrap import open_database
from supportwise.platform.settings import Settings
from supportwise.records import glossary, verified
from supportwise.records.roles import Principal


def glossary_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="glossary_command", required=True, metavar="ACTION")
    actions.add_parser("list", help="list the entries")
    put = actions.add_parser("set", help="fix what a word means, e.g. set P1 --value priority=urgent")
    put.add_argument("term")
    meaning = put.add_mutually_exclusive_group(required=True)
    meaning.add_argument("--value", help="dimension=value, e.g. plan=enterprise")
    meaning.add_argument("--metric", help="metric[:statistic], e.g. resolution_time:median")
    meaning.add_argument("--word", help="a word the engine knows, e.g. tickets")
    put.add_argument("--note")
    remove = actions.add_parser("remove", help="remove the entry for a word")
    remove.add_argument("term")


def run_glossary(args: argparse.Namespace, settings: Settings) -> int:
    engine, admin = open_database(settings).app, Principal.local_admin()
    if args.glossary_command == "set":
        kind = next(k for k in ("value", "metric", "word") if getattr(args, k))
        entry = glossary.save_entry(engine, admin, args.term, kind, getattr(args, kind), args.note)
        print(f"'{entry.term}' means {entry.label}")
    elif args.glossary_command == "remove":
        glossary.delete_entry(engine, admin, args.term)
        print(f"removed '{args.term}'")
    else:
        for entry in glossary.list_entries(engine):
            print(f"{entry.term}\t{entry.kind}\t{entry.target}\t{entry.label}\t{entry.note or ''}")
    return 0


def verified_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="verified_command", required=True, metavar="ACTION")
    actions.add_parser("list", help="list verified questions")
    add = actions.add_parser("add", help="ask a question as the local admin and mark its answer verified")
    add.add_argument("question")
    add.add_argument("--today", type=iso_date, help="the date its time phrase is read against (YYYY-MM-DD)")
    remove = actions.add_parser("remove", help="remove a verified answer by id")
    remove.add_argument("id", type=int)


def run_verified(args: argparse.Namespace, settings: Settings) -> int:
    from supportwise.questions.context import AskContext
    from supportwise.questions.router import ask

    database, admin = open_database(settings), Principal.local_admin()
    if args.verified_command == "add":
        answer = ask(args.question, AskContext(database, settings, admin, settings.current_date()))
        if answer.status != "ok":
            raise InvalidInput(f"Not answered ({answer.status}): {answer.reason}")
        found = verified.mark_verified(database.app, admin, answer)
        print(f"verified #{found.id}: {answer.interpretation}\n{found.sql}")
    elif args.verified_command == "remove":
        verified.remove_verified(database.app, admin, args.id)
        print(f"removed verified answer #{args.id}")
    else:
        for found in verified.list_verified(database.app):
            print(f"{found.id}\t{found.question}\t{found.verified_by}\t{found.verified_at:%Y-%m-%d %H:%M}")
    return 0
