"""Roles, the pages each may open, and the identity a question is asked under."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("admin", "manager", "team_lead", "viewer")
TEAMS = ("Frontline", "Technical", "Billing", "Enterprise")
PAGES = ("ask", "reports", "trends", "costs", "audit", "data")

PAGE_ACCESS: dict[str, tuple[str, ...]] = {
    "admin": PAGES,
    "manager": ("ask", "reports", "trends"),
    "team_lead": ("ask", "reports"),
    "viewer": ("reports",),
}

# Roles that see personal data (names, emails, phones) unmasked.
PII_ROLES = frozenset({"admin"})


def pages_for(role: str) -> tuple[str, ...]:
    """The pages a role may open, in navigation order."""
    return PAGE_ACCESS.get(role, ())


@dataclass(frozen=True)
class Principal:
    """Who is asking: name, role, and the team their data is scoped to (None = all teams)."""

    username: str
    role: str
    team: str | None = None
    department: str | None = None
    # A delivery to a channel or an outside address reads as its owner with all personal data masked,
    # whatever the owner's role (issue 12): nobody outside the app sees names.
    masked: bool = False

    @classmethod
    def local_admin(cls) -> "Principal":
        """The CLI's built-in administrator (CONTRACT §3: role admin, no team scope)."""
        return cls(username="local-admin", role="admin", team=None, department="IT")

    @property
    def scope_team(self) -> str | None:
        """The team a query must be restricted to; only team leads are scoped."""
        return self.team if self.role == "team_lead" else None

    @property
    def sees_pii(self) -> bool:
        return self.role in PII_ROLES and not self.masked

    @property
    def sees_agents_of(self) -> str | None:
        """The team whose agents this principal sees by name although other PII is masked.

        Team leads coach their own agents, so "top agents" must name them; customers and agents
        of other teams stay masked (other teams' agents are outside a lead's scope anyway).
        """
        return self.team if self.role == "team_lead" and not self.masked else None

    def may_open(self, page: str) -> bool:
        return page in pages_for(self.role)
