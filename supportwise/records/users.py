"""Users of the app: bcrypt passwords, roles, team binding, demo accounts."""

from __future__ import annotations

import re
from dataclasses import dataclass

import bcrypt
import sqlalchemy as sa
from sqlalchemy import Engine

from supportwise.errors import AuthError, InvalidInput, NotFound
from supportwise.records.roles import ROLES, TEAMS, Principal

_USERNAME = re.compile(r"^[a-z0-9_.-]{2,40}$")
MIN_PASSWORD = 8

# Demo accounts created on first start in demo mode; shown in the README and the terminal.
DEMO_USERS = (
    ("admin", "Ada Admin", "admin", None, "IT", "admin-demo-pass"),
    ("manager", "Morgan Manager", "manager", None, "Support", "manager-demo-pass"),
    ("lead", "Lee Frontline", "team_lead", "Frontline", "Support", "lead-demo-pass"),
    ("viewer", "Vic Viewer", "viewer", None, "Sales", "viewer-demo-pass"),
)

_COLUMNS = "id, username, name, email, role, team, department, active"


@dataclass(frozen=True)
class User:
    id: int
    username: str
    name: str
    email: str | None
    role: str
    team: str | None
    department: str | None
    active: bool

    def principal(self) -> Principal:
        return Principal(username=self.username, role=self.role, team=self.team, department=self.department)


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def _check_role(role: str, team: str | None) -> None:
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if team is not None and team not in TEAMS:
        raise InvalidInput(f"Unknown team {team!r}; choose one of {', '.join(TEAMS)}")
    if role == "team_lead" and team is None:
        raise InvalidInput("A team lead must be bound to a team (--team)")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Passwords need at least {MIN_PASSWORD} characters")


def add_user(engine: Engine, username: str, name: str, password: str, role: str, *, team: str | None = None,
             email: str | None = None, department: str | None = None) -> User:
    """Create a user; refuse duplicates, unknown roles and team leads without a team."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise InvalidInput("Usernames are 2–40 characters: lower-case letters, digits, '.', '_' or '-'")
    _check_role(role, team)
    _check_password(password)
    with engine.begin() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM app.users WHERE username = :u"), {"u": username}).first()
        if exists:
            raise InvalidInput(f"User {username!r} already exists")
        row = conn.execute(sa.text(
            f"INSERT INTO app.users (username, name, email, password_hash, role, team, department) "
            f"VALUES (:u, :n, :e, :h, :r, :t, :d) RETURNING {_COLUMNS}"),
            {"u": username, "n": name, "e": email, "h": hash_password(password), "r": role, "t": team,
             "d": department}).one()
    return User(*row)


def get_user(engine: Engine, username: str) -> User:
    with engine.connect() as conn:
        row = conn.execute(sa.text(f"SELECT {_COLUMNS} FROM app.users WHERE username = :u"),
                           {"u": username.strip().lower()}).first()
    if row is None:
        raise NotFound(f"No user named {username!r}")
    return User(*row)


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT {_COLUMNS} FROM app.users ORDER BY username")).all()
    return [User(*row) for row in rows]


def _update(engine: Engine, username: str, assignments: str, params: dict) -> User:
    with engine.begin() as conn:
        row = conn.execute(sa.text(
            f"UPDATE app.users SET {assignments}, updated_at = now() WHERE username = :u RETURNING {_COLUMNS}"),
            {"u": username.strip().lower(), **params}).first()
    if row is None:
        raise NotFound(f"No user named {username!r}")
    return User(*row)


def set_role(engine: Engine, username: str, role: str, team: str | None = None) -> User:
    _check_role(role, team)
    return _update(engine, username, "role = :r, team = :t", {"r": role, "t": team})


def reset_password(engine: Engine, username: str, password: str) -> User:
    _check_password(password)
    return _update(engine, username, "password_hash = :h", {"h": hash_password(password)})


def verify_password(engine: Engine, username: str, password: str) -> User:
    """The user if the password matches an active account; AuthError otherwise (same message either way)."""
    with engine.connect() as conn:
        row = conn.execute(sa.text(f"SELECT {_COLUMNS}, password_hash FROM app.users WHERE username = :u"),
                           {"u": username.strip().lower()}).first()
    if row is None or not row.active or not bcrypt.checkpw(password.encode(), row.password_hash.encode()):
        raise AuthError("Wrong username or password")
    return User(*row[:-1])


def mark_login(engine: Engine, username: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE app.users SET last_login_at = now() WHERE username = :u"), {"u": username})


def authenticator_credentials(engine: Engine) -> dict:
    """The credentials mapping streamlit-authenticator expects, built from active users."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT username, name, email, password_hash, role FROM app.users WHERE active ORDER BY username")).all()
    return {"usernames": {
        r.username: {"name": r.name, "email": r.email or f"{r.username}@example.invalid", "password": r.password_hash,
                     "roles": [r.role]}
        for r in rows}}


def ensure_demo_users(engine: Engine) -> list[tuple[str, str, str, str | None]]:
    """Create the demo accounts that do not exist yet; return (username, password, role, team) of each new one."""
    created = []
    existing = {u.username for u in list_users(engine)}
    for username, name, role, team, department, password in DEMO_USERS:
        if username not in existing:
            add_user(engine, username, name, password, role, team=team, department=department,
                     email=f"{username}@supportwise.demo")
            created.append((username, password, role, team))
    return created
