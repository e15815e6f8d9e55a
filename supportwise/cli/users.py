"""``python -m supportwise users …``: add, list, set-role, reset-password, erase — each audited as the local admin."""

from __future__ import annotations

import argparse
import getpass
import sys

from supportwise.errors import InvalidInput
from supportwise.platform.bootstrap import open_database
from supportwise.platform.settings import Settings
from supportwise.records import audit, users
from supportwise.records.roles import ROLES, TEAMS, Principal


def arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a user (password asked for, or --password)")
    add.add_argument("username")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--team", choices=TEAMS, help="required for team_lead")
    add.add_argument("--email")
    add.add_argument("--department")
    add.add_argument("--password", help="omit to be asked without echo")
    actions.add_parser("list", help="list users")
    set_role = actions.add_parser("set-role", help="change a user's role (and team)")
    set_role.add_argument("username")
    set_role.add_argument("role", choices=ROLES)
    set_role.add_argument("--team", choices=TEAMS)
    reset = actions.add_parser("reset-password", help="set a new password")
    reset.add_argument("username")
    reset.add_argument("--password", help="omit to be asked without echo")
    erase = actions.add_parser("erase", help="delete a user's history; pseudonymize their audit rows")
    erase.add_argument("username")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def run(args: argparse.Namespace, settings: Settings) -> int:
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
        _erase(args, settings, admin)
    elif args.users_command == "reset-password":
        users.reset_password(engine, args.username, _password(args.password))
        audit.record(engine, admin, "user_reset_password", detail={"user": args.username})
        print(f"Password of {args.username} changed")
    return 0


def _erase(args: argparse.Namespace, settings: Settings, admin: Principal) -> None:
    from supportwise.platform import redis_client
    from supportwise.records.erasure import erase_user

    if not args.yes and (not sys.stdin.isatty() or input(f"Erase {args.username}? [y/N] ").lower() != "y"):
        raise InvalidInput("Not erased: confirm with --yes")
    report = erase_user(open_database(settings), redis_client.connect(settings), settings.data_dir, args.username,
                        by=admin)
    print(f"Erased {args.username} → {report.pseudonym}: {report.conversations} conversations, "
          f"{report.feedback} feedback, {report.redis_keys} session keys, {report.export_files} export files "
          f"deleted; {report.audit_rows} audit rows and {report.llm_calls} LLM calls pseudonymized")


def _password(given: str | None) -> str:
    if given:
        return given
    if not sys.stdin.isatty():
        raise InvalidInput("No --password given and no terminal to ask on")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise InvalidInput("The passwords do not match")
    return first
