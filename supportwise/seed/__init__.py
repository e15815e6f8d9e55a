"""Deterministic demo data for SupportWise: ``seed_demo(conn, tickets=…, seed=…, today=…)``.

Modules, in the order the data is made: ``storyline`` (planted events) → ``directory``
(organizations, customers, agents) → ``arrivals`` (tickets per day and time of day) →
``tickets`` (each ticket: ``routing``, ``timing``, ``labels``) → ``conversation``
(comments, from ``topics`` and ``chatter`` via ``body``) → ``batch`` → ``loader`` (COPY).
"""

from supportwise.seed.loader import SeedStats, seed_demo

__all__ = ["SeedStats", "seed_demo"]
