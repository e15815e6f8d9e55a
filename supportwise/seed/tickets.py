"""The ticket generator: one day at a time, every ticket with its comments and truth rows.

Each day draws from its own random stream (seed, "day", index), so a day's tickets are
the same however the days are batched. Tickets are numbered in order of creation.
"""

from __future__ import annotations

import random

from supportwise.seed import labels, routing
from supportwise.seed.arrivals import DayPlan, arrival_until, outage_second
from supportwise.seed.batch import Batch
from supportwise.seed.clock import Span
from supportwise.seed.conversation import Thread, describe, write_thread
from supportwise.seed.directory import Agent, Customer, Requesters
from supportwise.seed.rng import rng_for
from supportwise.seed.slots import Slots
from supportwise.seed.storyline import Storyline
from supportwise.seed.timing import draw_timeline
from supportwise.seed.topic import Topic
from supportwise.seed.topics import AUTOSYNC_STORY, EVERYDAY, OUTAGE

PLAN_NAMES = {"free": "Free", "pro": "Pro", "enterprise": "Enterprise"}
UNASSIGNED_NEW = 0.6  # share of not-yet-answered tickets nobody has picked up


class TicketFactory:
    """Writes the tickets of each planned day into a batch."""

    def __init__(self, seed: int, span: Span, story: Storyline, customers: list[Customer], agents: list[Agent]):
        self.seed = seed
        self.span = span
        self.story = story
        self.requesters = Requesters(customers, seed)
        self.roster = routing.Roster(agents)
        self.next_id = 1

    def _everyday_topic(self, rng: random.Random, plan: DayPlan) -> Topic:
        area = plan.areas.pick(rng)
        if area == "auto-sync" and rng.random() < plan.story_share:
            return AUTOSYNC_STORY.pick(rng)
        return EVERYDAY[area].pick(rng)

    def fill_day(self, plan: DayPlan, batch: Batch) -> int:
        """Generate the day's tickets into ``batch``; return how many."""
        rng = rng_for(self.seed, "day", plan.index)
        day_start = self.span.day_start(plan.index)
        drafts = []
        for _ in range(plan.everyday):
            customer = self.requesters.pick(rng, plan.index)
            topic = self._everyday_topic(rng, plan)
            drafts.append((arrival_until(rng, day_start, customer.organization.region, self.span.end), customer,
                           topic))
        for _ in range(plan.outage):
            customer = self.requesters.pick(rng, plan.index)
            drafts.append((outage_second(rng, self.story), customer, OUTAGE.pick(rng)))
        drafts.sort(key=lambda draft: draft[0])  # stable: equal seconds keep draw order
        for created, customer, topic in drafts:
            self._write(rng, plan.index, created, customer, topic, batch)
        return len(drafts)

    def _write(self, rng: random.Random, day: int, created: int, customer: Customer, topic: Topic,
               batch: Batch) -> None:
        ticket_id = self.next_id
        self.next_id += 1
        org = customer.organization
        priority = routing.priority(rng, topic, org.plan)
        channel = routing.channel(rng, topic)
        ticket_type = topic.types.pick(rng)
        team = routing.team(rng, topic.area, org.plan)
        timeline = draw_timeline(
            rng, created=created, end=self.span.end, priority=priority, channel=channel, team=team,
            ticket_type=ticket_type, topic=topic,
            resolved_by=self.story.outage_ends if topic.story == "outage" else None)
        assignee: Agent | None = self.roster.pick(rng, team, day)
        writer = assignee
        if timeline.status == "new" and rng.random() < UNASSIGNED_NEW:
            assignee, writer = None, self.roster.pick(rng, "Frontline", day)
        tone = routing.tone(rng, topic, priority)
        slots = Slots(rng, org.region, created, company=org.name, plan_name=PLAN_NAMES[org.plan],
                      area=topic.area, team=team, priority=priority)
        people = {
            "name": customer.name, "first": customer.first, "email": customer.email, "phone": customer.phone,
            "agent": writer.name, "agent_first": writer.first, "agent_email": writer.email,
        }
        description = describe(rng, topic, slots)
        thread = Thread(topic, tone, channel, timeline.times, timeline.first_response is not None,
                        timeline.solved is not None, timeline.reopens > 0, customer.id, writer.id)
        comments = write_thread(rng, thread, description, slots, people)
        batch.add_ticket(
            ticket_id, subject=labels.subject(rng, topic, slots, priority, tone), description=description,
            status=timeline.status, priority=priority, channel=channel, ticket_type=ticket_type,
            product_area=topic.area, team=team, requester_id=customer.id, organization_id=org.id,
            assignee_id=None if assignee is None else assignee.id, tags=labels.tags(rng, topic, slots, org.plan),
            satisfaction=labels.satisfaction(rng, topic, timeline, created, tone), reopens=timeline.reopens,
            created=created, updated=timeline.updated, first_response=timeline.first_response,
            solved=timeline.solved)
        batch.add_comments(ticket_id, comments)
        if topic.story:
            batch.add_theme(ticket_id, topic.story, topic.theme)
