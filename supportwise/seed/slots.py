"""Per-ticket slot values: the product, counts and dates a ticket's text talks about.

``Slots`` is a dict that draws a value the first time a template asks for it and then
keeps it, so the subject, every comment and the tags of one ticket agree on which CRM,
phone or invoice is meant. Values here are never personal data.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from typing import Callable

from supportwise.seed.clock import DAY
from supportwise.seed.names import JOB_TITLES

CURRENCY = {"NA": "$", "EMEA": "€", "APAC": "A$", "LATAM": "US$"}

CHOICES: dict[str, tuple[str, ...]] = {
    "integration": ("Salesforce", "HubSpot", "Pipedrive", "Zoho CRM", "Microsoft Dynamics",
                    "Google Sheets", "Shopify", "QuickBooks", "Xero", "Mailchimp"),
    "records": ("contacts", "contacts", "deals", "leads", "accounts", "companies", "orders",
                "tasks", "activities"),
    "field": ("phone number", "owner", "email address", "company name", "lifecycle stage",
              "billing address", "custom field", "deal amount", "close date", "tags"),
    "browser": ("Chrome", "Chrome", "Firefox", "Safari", "Edge"),
    "desktop": ("Windows 11", "Windows 10", "macOS Sonoma", "macOS Ventura", "a Chromebook"),
    "device": ("iPhone 15", "iPhone 13", "iPhone 14 Pro", "iPad Air", "Pixel 8", "Samsung Galaxy S23",
               "Samsung Galaxy A54", "OnePlus 11", "Pixel 7a"),
    "app_version": ("5.2.1", "5.2.3", "5.3.0", "5.3.2", "5.4.0", "5.4.1"),
    "report": ("Weekly pipeline", "Revenue by region", "Team activity", "Monthly churn",
               "Open deals by owner", "Sales forecast", "Lead sources", "Quarterly bookings"),
    "file_format": ("CSV", "CSV", "Excel", "PDF"),
    "sync_error": ("SYNC-409 conflict", "SYNC-500", "E_MAPPING_INVALID", "RATE_LIMITED", "SYNC-TIMEOUT"),
    "http_error": ("500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable",
                   "504 Gateway Timeout"),
    "endpoint": ("/v2/contacts", "/v2/deals/search", "/v2/reports/export", "/v2/webhooks",
                 "/v2/users", "/v1/activities", "/v2/contacts/batch"),
    "sso": ("Okta", "Azure AD", "Google Workspace", "OneLogin", "JumpCloud"),
    "chat_tool": ("Slack", "Slack", "Microsoft Teams"),
    "automation": ("Zapier", "Make", "n8n", "Power Automate"),
    "role": ("admin", "manager", "viewer", "editor", "billing admin"),
    "since": ("since yesterday", "since this morning", "since Monday", "for two days now",
              "since the weekend", "for about a week", "since last night", "since the last update"),
    "clock_time": ("around 9:40", "at about 10:15", "a little after 14:00", "around 8:30 this morning",
                   "just before noon", "at 16:05", "around 11:20"),
    "workspace": ("workspace settings", "admin console", "account settings page"),
    "job_title": JOB_TITLES,
}
NUMBER_WORDS = ("two", "three", "four", "five", "six")


def _count(rng: random.Random, slots: "Slots") -> str:
    n = int(25 * 10 ** (rng.random() * 2.4))
    return f"{n:,}"


def _amount(rng: random.Random, slots: "Slots") -> str:
    value = rng.choice((19, 29, 49, 79, 99, 149, 199, 240, 480, 588, 1188, 2388, 4790))
    return f"{slots.currency}{value:,}.00"


def _month(rng: random.Random, slots: "Slots") -> str:
    day = dt.date(1970, 1, 1) + dt.timedelta(days=slots.created // DAY - rng.choice((0, 0, 15, 31)))
    return calendar.month_name[day.month]


def _mobile_os(rng: random.Random, slots: "Slots") -> str:
    device = slots["device"]
    return "iOS" if device.startswith("iP") else "Android"


DRAWS: dict[str, Callable[[random.Random, "Slots"], str]] = {
    "count": _count,
    "amount": _amount,
    "month": _month,
    "mobile_os": _mobile_os,
    "Records": lambda rng, s: s["records"].capitalize(),  # at the start of a sentence
    "hours": lambda rng, s: str(rng.choice((3, 4, 5, 6, 8, 10, 12, 14, 18, 20))),
    "days": lambda rng, s: rng.choice(NUMBER_WORDS),
    "seats": lambda rng, s: str(rng.choice((3, 5, 8, 10, 12, 15, 20, 25, 40, 60))),
    "invoice": lambda rng, s: f"INV-{rng.randrange(10000, 99999)}",
    "ref": lambda rng, s: f"{rng.choice(('ENG', 'SYNC', 'PLAT', 'MOB', 'BILL'))}-{rng.randrange(1200, 9800)}",
    "workspace_id": lambda rng, s: f"ws-{rng.randrange(10000, 99999)}",
    "percent": lambda rng, s: f"{rng.choice((10, 15, 20, 25, 30, 40))}%",
    "minutes": lambda rng, s: str(rng.choice((5, 10, 15, 20, 30, 45))),
}


class Slots(dict):
    """Slot values of one ticket, drawn lazily from ``CHOICES`` / ``DRAWS`` on first use."""

    __slots__ = ("rng", "currency", "created")

    def __init__(self, rng: random.Random, region: str, created: int, **fixed: str):
        super().__init__(fixed)
        self.rng = rng
        self.currency = CURRENCY[region]
        self.created = created

    def __missing__(self, key: str) -> str:
        choices = CHOICES.get(key)
        value = self.rng.choice(choices) if choices else DRAWS[key](self.rng, self)
        self[key] = value
        return value
