"""The semantic layer (first version): metrics, dimensions and filter words.

Each metric names the event timestamp its time range applies to (CONTRACT §2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    time_column: str | None        # the timestamp a period ranges over; None = "right now"
    status_in: tuple[str, ...] = ()  # status filter the metric implies
    event: str = "created"          # word used in the interpretation


OPEN_STATUSES = ("new", "open", "pending", "on_hold")
SOLVED_STATUSES = ("solved", "closed")

METRICS = {
    "tickets_created": Metric("tickets_created", "Tickets", "created_at", (), "created"),
    "tickets_solved": Metric("tickets_solved", "Solved tickets", "solved_at", SOLVED_STATUSES, "solved"),
    "open_tickets": Metric("open_tickets", "Open tickets", None, OPEN_STATUSES, "open now"),
}

# Dimensions a count can be broken down by: spoken name → tickets column.
DIMENSIONS = {
    "channel": "channel",
    "priority": "priority",
    "status": "status",
    "team": "team",
    "product area": "product_area",
    "area": "product_area",
    "type": "ticket_type",
    "ticket type": "ticket_type",
}

# Filter words → (column, value). Multi-word phrases are matched before single words.
FILTER_WORDS: dict[str, tuple[str, str]] = {
    "urgent": ("priority", "urgent"), "p1": ("priority", "urgent"), "sev1": ("priority", "urgent"),
    "critical": ("priority", "urgent"), "high priority": ("priority", "high"), "high-priority": ("priority", "high"),
    "normal priority": ("priority", "normal"), "low priority": ("priority", "low"),
    "low-priority": ("priority", "low"),
    "email": ("channel", "email"), "emails": ("channel", "email"), "e-mail": ("channel", "email"),
    "web": ("channel", "web"), "chat": ("channel", "chat"), "chats": ("channel", "chat"),
    "phone": ("channel", "phone"), "phone call": ("channel", "phone"), "calls": ("channel", "phone"),
    "api": ("channel", "api"),
    "on hold": ("status", "on_hold"), "on-hold": ("status", "on_hold"), "pending": ("status", "pending"),
}
