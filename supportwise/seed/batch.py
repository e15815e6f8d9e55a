"""One batch of generated rows, held as COPY text lines until it is written."""

from __future__ import annotations

from supportwise.seed.clock import Span
from supportwise.seed.conversation import Comment
from supportwise.seed.copytext import NULL, boolean, escape, text_array


class Batch:
    """Tickets, comments, PII truth and planted themes of consecutive days.

    Comment ids continue from ``first_comment_id`` so that batches written one after
    another number comments in order.
    """

    def __init__(self, span: Span, first_comment_id: int):
        self.span = span
        self.next_comment_id = first_comment_id
        self.tickets: list[str] = []
        self.comments: list[str] = []
        self.pii: list[str] = []
        self.themes: list[str] = []

    def __len__(self) -> int:
        return len(self.tickets)

    def add_ticket(self, ticket_id: int, *, subject: str, description: str, status: str, priority: str,
                   channel: str, ticket_type: str, product_area: str, team: str, requester_id: int,
                   organization_id: int, assignee_id: int | None, tags: list[str], satisfaction: str | None,
                   reopens: int, created: int, updated: int, first_response: int | None,
                   solved: int | None) -> None:
        """One tickets row; times are epoch seconds."""
        fmt = self.span.format
        self.tickets.append("\t".join((
            str(ticket_id), escape(subject), escape(description), status, priority, channel, ticket_type,
            product_area, team, str(requester_id), str(organization_id),
            NULL if assignee_id is None else str(assignee_id), text_array(tags), satisfaction or NULL,
            str(reopens), fmt(created), fmt(updated), NULL if first_response is None else fmt(first_response),
            NULL if solved is None else fmt(solved),
        )) + "\n")

    def add_comments(self, ticket_id: int, comments: list[Comment]) -> None:
        """The ticket's comments (numbered from here on) and their PII truth rows."""
        fmt = self.span.format
        ticket = str(ticket_id)
        for comment in comments:
            comment_id = str(self.next_comment_id)
            self.next_comment_id += 1
            self.comments.append("\t".join((
                comment_id, ticket, comment.author_type, str(comment.author_id), escape(comment.body),
                boolean(comment.public), fmt(comment.at))) + "\n")
            for entity, value, start in comment.spans:
                self.pii.append(f"{comment_id}\t{entity}\t{escape(value)}\t{start}\t{start + len(value)}\n")

    def add_theme(self, ticket_id: int, story: str, theme: str) -> None:
        """An app.planted_ticket_themes row."""
        self.themes.append(f"{ticket_id}\t{story}\t{theme}\n")
