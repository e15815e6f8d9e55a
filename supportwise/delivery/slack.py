"""Slack incoming webhooks: Block Kit with the title, headline, interpretation, a text table and a link."""

from __future__ import annotations

import json
from typing import Any

from supportwise.delivery.content import headline, text_table
from supportwise.delivery.outgoing import Ack, post
from supportwise.platform.settings import Settings
from supportwise.questions.answer import Answer

MAX_TEXT = 2900  # Slack cuts a section's text at 3,000 characters


def slack_message(answer: Answer, *, title: str, link: str | None) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{headline(answer)}*\n{answer.interpretation or ''}"
                                                              [:MAX_TEXT]}},
    ]
    if answer.rows and not (len(answer.rows) == 1 and len(answer.columns) == 1):
        blocks.append({"type": "section", "text": {"type": "mrkdwn",
                                                   "text": f"```{text_table(answer)[:MAX_TEXT - 6]}```"}})
    notes = list(answer.notices) + ([f"<{link}|Open in SupportWise>"] if link else [])
    if notes:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": n[:MAX_TEXT]} for n in notes]})
    return {"text": f"{title}: {headline(answer)}", "blocks": blocks}


def send_slack(url: str, message: dict[str, Any], settings: Settings) -> Ack:
    return post(url, json.dumps(message, ensure_ascii=False).encode(), {"Content-Type": "application/json"}, settings)
