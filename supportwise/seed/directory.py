"""Who is who: organizations, their customers, and the support agents.

These are small next to the tickets (customers are about tickets/8), so they are
generated up front, written once, and kept in memory for the ticket generator.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from supportwise.seed import names
from supportwise.seed.clock import DAY, Span
from supportwise.seed.contacts import email_local_part, phone_number, slug, unique_email
from supportwise.seed.rng import rng_for
from supportwise.seed.sampling import Lottery, lognormal

MAX_ORGANIZATIONS = 300
REGIONS = Lottery({"NA": 45, "EMEA": 30, "APAC": 15, "LATAM": 10})
PLANS = Lottery({"free": 38, "pro": 44, "enterprise": 18})
# Enterprise accounts have many more people (and tickets) than free ones.
PLAN_SIZE = {"free": 0.6, "pro": 1.6, "enterprise": 5.0}
# Oldest organization: about three years before the span starts.
OLDEST_DAY = -1100
VENDOR_DOMAIN = "tallyo.com"
TEAM_SIZES = {"Frontline": 15, "Technical": 11, "Billing": 7, "Enterprise": 7}
# (team, position in team) -> (joined day, left day) as fractions of the span: turnover.
AGENT_TENURE = {("Frontline", 3): (0.0, 0.36), ("Technical", 5): (0.0, 0.64),
                ("Frontline", 12): (0.48, 1.0), ("Billing", 6): (0.71, 1.0),
                ("Technical", 10): (0.86, 1.0)}


@dataclass(slots=True)
class Organization:
    """A customer company; ``domain`` is the host part of its people's emails."""

    id: int
    name: str
    plan: str
    region: str
    domain: str
    created_at: int
    created_day: int


@dataclass(slots=True)
class Customer:
    """A person at a customer company who files tickets."""

    id: int
    organization: Organization
    name: str
    first: str
    email: str
    phone: str
    created_at: int
    created_day: int


@dataclass(slots=True)
class Agent:
    """A support agent; works tickets created on days ``joined_day`` ≤ day < ``left_day``."""

    id: int
    name: str
    first: str
    email: str
    team: str
    active: bool
    joined_day: int
    left_day: int  # first day no longer working; span length if still here


def customer_count(tickets: int) -> int:
    """About one customer per eight tickets, never fewer than 200."""
    return max(200, tickets // 8)


def organization_count(customers: int) -> int:
    """About 300 organizations; fewer for tiny data sets so each has a few people."""
    return min(MAX_ORGANIZATIONS, max(30, customers // 2))


def _company_name(rng: random.Random, region: str, taken: set[str]) -> tuple[str, str]:
    """A unique company name and the bare "Stem Trade" its web domain is made from."""
    while True:
        legal = rng.choice(names.LEGAL_FORMS[region])
        base = f"{rng.choice(names.COMPANY_STEMS)} {rng.choice(names.COMPANY_TRADES)}"
        name = f"{base} {legal}" if legal else base
        if name not in taken:
            taken.add(name)
            return name, base


def build_organizations(seed: int, span: Span, count: int) -> list[Organization]:
    """Organizations, most founded before the span and some during it (ids 1..count)."""
    rng = rng_for(seed, "organizations")
    taken: set[str] = set()
    orgs = []
    for index in range(count):
        region = REGIONS.pick(rng)
        name, base = _company_name(rng, region, taken)
        # the first 20 exist before the span, so early tickets always have requesters
        if index < 20 or rng.random() < 0.75:
            day = rng.randrange(OLDEST_DAY, -1)
        else:
            day = rng.randrange(0, span.days - 30)
        tld = rng.choice(names.EMAIL_DOMAINS[region])
        domain = slug(base) + tld
        created = span.day_start(day) + rng.randrange(8 * 3600, 20 * 3600)
        orgs.append(Organization(index + 1, name, PLANS.pick(rng), region, domain, created, day))
    return orgs


def _customer_day(rng: random.Random, org: Organization, span: Span, first: bool) -> int:
    if first:
        return org.created_day
    if org.created_day < 0 and rng.random() < 0.65:
        return rng.randrange(org.created_day, 0)
    return rng.randrange(max(org.created_day, 0), span.days)


def build_customers(seed: int, span: Span, orgs: list[Organization], count: int) -> list[Customer]:
    """Customers spread over organizations by size; every organization gets at least one."""
    rng = rng_for(seed, "customers")
    sizes = [PLAN_SIZE[o.plan] * lognormal(rng, 1.0, 0.7) for o in orgs]
    cumulative = list(accumulate(sizes))
    owners = list(orgs) + [orgs[bisect_right(cumulative, rng.random() * cumulative[-1])]
                           for _ in range(count - len(orgs))]
    taken: set[str] = set()
    seen_org: set[int] = set()
    customers = []
    for index, org in enumerate(owners):
        first = rng.choice(names.FIRST_NAMES[org.region])
        last = rng.choice(names.LAST_NAMES[org.region])
        free_mail = org.plan == "free" and rng.random() < 0.35
        domain = rng.choice(names.FREE_MAIL) if free_mail else org.domain
        email = unique_email(rng, email_local_part(rng, first, last), domain, taken)
        day = _customer_day(rng, org, span, org.id not in seen_org)
        seen_org.add(org.id)
        created = min(max(org.created_at + 600, span.day_start(day) + rng.randrange(DAY)), span.end)
        customers.append(Customer(index + 1, org, f"{first} {last}", first, email,
                                  phone_number(rng, org.region), created, day))
    return customers


def build_agents(seed: int, span: Span) -> list[Agent]:
    """The support team: ~40 agents in four teams, with a little turnover."""
    rng = rng_for(seed, "agents")
    taken: set[str] = set()
    agents = []
    for team, size in TEAM_SIZES.items():
        for position in range(size):
            while True:
                region = REGIONS.pick(rng)
                first = rng.choice(names.FIRST_NAMES[region])
                last = rng.choice(names.LAST_NAMES[region])
                if f"{first} {last}" not in taken:
                    break
            taken.add(f"{first} {last}")
            joined, left = AGENT_TENURE.get((team, position), (0.0, 1.0))
            joined_day, left_day = int(joined * span.days), int(left * span.days)
            email = f"{slug(first)}.{slug(last)}@{VENDOR_DOMAIN}"
            agents.append(Agent(len(agents) + 1, f"{first} {last}", first, email, team,
                                left_day >= span.days, joined_day, left_day))
    return agents


class Requesters:
    """Picks who files a ticket: busy customers often, and only people who already exist."""

    def __init__(self, customers: list[Customer], seed: int):
        rng = rng_for(seed, "customer-activity")
        self.customers = customers
        self.cumulative = list(accumulate(lognormal(rng, 1.0, 1.0) for _ in customers))
        self.total = self.cumulative[-1]
        self.founders = [c for c in customers if c.created_day < 0]

    def pick(self, rng: random.Random, day: int) -> Customer:
        """A customer created before ``day`` (of the span), weighted by activity."""
        for _ in range(8):
            customer = self.customers[bisect_right(self.cumulative, rng.random() * self.total)]
            if customer.created_day < day:
                return customer
        return self.founders[int(rng.random() * len(self.founders))]
