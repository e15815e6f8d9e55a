"""Who a scheduled delivery is rendered for (issue 12, item 3).

- a recipient who is an app user (by username, or by the email address stored for them) gets the report
  in *their* role, team scope and masking;
- an outside email address, a Slack channel or a webhook gets it in the owner's scope with personal data
  always masked (``Principal.masked``), whatever the owner's role;
- a recipient who may not have it (account switched off, no email address on file, a role without the
  Reports page) gets nothing, and the reason goes to the owner.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import sqlalchemy as sa

from supportwise.platform.database import Database
from supportwise.records.roles import Principal
from supportwise.records.schedules import SavedSchedule


@dataclass
class Reader:
    principal: Principal                  # whose scope and masking the delivery is rendered in
    addresses: list[str] = field(default_factory=list)   # email: where it goes; Slack/webhook: none
    names: list[str] = field(default_factory=list)       # recipients as the schedule lists them


@dataclass(frozen=True)
class Refusal:
    recipient: str
    reason: str


def readers_for(db: Database, schedule: SavedSchedule) -> tuple[list[Reader], list[Refusal]]:
    """The renderings a run needs (one per distinct scope and masking) and the recipients refused."""
    users = _users(db, [schedule.owner, *schedule.recipients])
    owner = users.get(schedule.owner.lower())
    if owner is None or not owner["active"]:
        return [], [Refusal(schedule.owner, "the schedule's owner can no longer use the app")]
    outside = replace(_principal(owner), masked=True)
    if schedule.channel != "email":
        return [Reader(outside, names=[schedule.channel])], []
    readers: dict[Principal, Reader] = {}
    refused: list[Refusal] = []
    for recipient in schedule.recipients:
        user = users.get(recipient.lower())
        if user is None and "@" not in recipient:
            refused.append(Refusal(recipient, "there is no such user"))
            continue
        if user is None:
            reader, address = outside, recipient
        elif not user["active"]:
            refused.append(Refusal(recipient, "their account is switched off"))
            continue
        elif not _principal(user).may_open("reports"):
            refused.append(Refusal(recipient, f"their role ({user['role']}) may not see reports"))
            continue
        elif not user["email"]:
            refused.append(Refusal(recipient, "there is no email address on file for them"))
            continue
        else:
            reader, address = _principal(user), user["email"]
        entry = readers.setdefault(reader, Reader(reader))
        if address not in entry.addresses:
            entry.addresses.append(address)
            entry.names.append(recipient)
    return list(readers.values()), refused


def _principal(user: dict) -> Principal:
    return Principal(username=user["username"], role=user["role"], team=user["team"], department=user["department"])


def _users(db: Database, names: list[str]) -> dict[str, dict]:
    """App users named by username or stored email address, keyed by each of those (lower case)."""
    lowered = [n.lower() for n in names]
    with db.app.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT username, email, role, team, department, active FROM app.users "
            "WHERE lower(username) = ANY(:n) OR lower(email) = ANY(:n)"), {"n": lowered}).mappings().all()
    found: dict[str, dict] = {}
    for row in rows:
        for key in (row["username"], row["email"]):
            if key and key.lower() in lowered:
                found[key.lower()] = dict(row)
    return found
