"""The planted stories' calendar: feature releases, the Auto-sync 2.0 spike and the outage.

All dates are relative to ``today`` so that any demo date tells the same story:
Auto-sync 2.0 ships 42 days before today and auto-sync tickets triple and turn sour;
23 days before today login and the API are down for an afternoon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from supportwise.seed.clock import HOUR, MINUTE, Span

SPAN_DAYS = 420
AUTOSYNC_RELEASE = "Auto-sync 2.0"
OUTAGE_DAYS_AGO = 23
OUTAGE_STARTS = 13 * HOUR + 5 * MINUTE
OUTAGE_ENDS = 17 * HOUR + 40 * MINUTE
# Auto-sync volume after the release: about 4x at first, settling near 3x.
SPIKE_FLOOR, SPIKE_PEAK, SPIKE_DECAY_DAYS = 2.1, 1.2, 9.0
# Smaller launches bring a short, mild bump of questions in their area.
LAUNCH_BUMP, LAUNCH_BUMP_DAYS = 1.25, 14


@dataclass(frozen=True)
class Release:
    """A feature_releases row, dated ``days_ago`` before today at ``hour`` UTC."""

    name: str
    product_area: str
    days_ago: int
    hour: int
    description: str


RELEASES = (
    Release("SSO for Okta and Azure AD", "login", 371, 15,
            "Single sign-on through SAML 2.0 with Okta and Azure AD, with just-in-time user provisioning."),
    Release("Reporting dashboards v3", "reporting", 318, 14,
            "Rebuilt dashboards with drag-and-drop widgets, period comparison and faster loading."),
    Release("Usage-based billing", "billing", 262, 16,
            "Seats are billed on actual monthly usage, with prorated upgrades and downgrades."),
    Release("Mobile app 5.0", "mobile", 214, 13,
            "Redesigned iOS and Android apps with offline mode and a business-card scanner."),
    Release("Public API v2", "api", 167, 15,
            "Cursor pagination, batch endpoints and OAuth clients for partner applications."),
    Release("HubSpot connector", "integrations", 121, 14,
            "Native two-way connector for HubSpot contacts, companies and deals."),
    Release("Scheduled exports", "reporting", 88, 15,
            "Send any report as CSV, Excel or PDF on a schedule to any list of recipients."),
    Release(AUTOSYNC_RELEASE, "auto-sync", 42, 16,
            "Rewritten sync engine: two-way sync every 5 minutes, per-object sync scope, conflict "
            "policies and a new setup wizard replacing the old settings page."),
    Release("Two-factor authentication for all plans", "login", 9, 15,
            "Authenticator-app 2FA is now available on the Free plan and can be enforced by admins."),
)


class Storyline:
    """Day indexes (within the span) and times of the planted events."""

    def __init__(self, span: Span):
        self.span = span
        last = span.days - 1
        self.release = next(r for r in RELEASES if r.name == AUTOSYNC_RELEASE)
        self.release_day = last - self.release.days_ago
        self.release_at = span.day_start(self.release_day) + self.release.hour * HOUR
        self.outage_day = last - OUTAGE_DAYS_AGO
        self.outage_starts = span.day_start(self.outage_day) + OUTAGE_STARTS
        self.outage_ends = span.day_start(self.outage_day) + OUTAGE_ENDS
        self._launches = [(last - r.days_ago, r.product_area) for r in RELEASES if r is not self.release]

    def autosync_boost(self, day: int) -> float:
        """How many times the usual auto-sync volume arrives on ``day`` (1 before the release)."""
        if day <= self.release_day:
            return 1.0
        since = day - self.release_day - 1
        return 1.0 + SPIKE_FLOOR + SPIKE_PEAK * math.exp(-since / SPIKE_DECAY_DAYS)

    def story_share(self, day: int) -> float:
        """Share of the day's auto-sync tickets that belong to the Auto-sync 2.0 story."""
        boost = self.autosync_boost(day)
        return (boost - 1.0) / boost

    def area_boosts(self, day: int) -> dict[str, float]:
        """Volume multipliers by product area on ``day`` (areas not named: 1)."""
        boosts = {area: LAUNCH_BUMP for launch_day, area in self._launches
                  if 0 < day - launch_day <= LAUNCH_BUMP_DAYS}
        if day > self.release_day:
            boosts["auto-sync"] = self.autosync_boost(day)
        return boosts

    def release_rows(self) -> list[tuple[int, str, str, int, str]]:
        """feature_releases rows: (id, name, product_area, released_at epoch, description)."""
        last = self.span.days - 1
        return [(i, r.name, r.product_area, self.span.day_start(last - r.days_ago) + r.hour * HOUR, r.description)
                for i, r in enumerate(RELEASES, 1)]
