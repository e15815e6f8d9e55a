"""Questions that are not questions: SQL typed in, writes, files and outside destinations, attempts to bend the
rules. Refused before anything else reads them (and again after typo correction), never answered."""

from __future__ import annotations

import re

from supportwise.errors import Rejected

_WRITE = re.compile(
    r"\b(delete|drop|truncate|insert|update|alter|grant|revoke|remove|modify|overwrite|wipe|erase|purge|"
    r"reassign|assign|merge|rename|create\s+(?:a\s+)?(?:table|index|user|role|view)|set\s+(?:the\s+)?(?:status|"
    r"priority|team|assignee)|change\s+(?:the\s+)?(?:status|priority|team|assignee|data)|mark\s+(?:all|them|it|"
    r"those|these|every)|close\s+(?:all|every|them|those|these|ticket\s+\d)|reopen\s+(?:all|ticket)|"
    r"escalate\s+(?:all|ticket)|set\s+(?:\w+\s+){0,12}?to\s+(?:urgent|high|low|normal|solved|closed|open|pending)|"
    r"add\s+(?:a\s+|an\s+)?(?:new\s+)?(?:ticket|comment|note|tag|user|agent|customer|organi[sz]ation)|"
    r"mark\s+(?:\w+\s+){0,5}?as\b|(?:create|file|log|submit|raise)\s+(?:a\s+)?(?:new\s+)?ticket\s+for|"
    r"assign\s+(?:\w+\s+){0,5}?to)\b")
_OVERRIDE = re.compile(
    r"\b(ignore|disregard|forget|bypass|override|skip)\b.{0,40}\b(instructions?|rules?|prompts?|guardrails?|"
    r"restrictions?|limits?|filters?|security|policy|policies|scope)\b|\b(system\s+prompt|jailbreak|dan\s+mode|"
    r"developer\s+mode|maintenance\s+mode|read[\s-]?only\s+(?:is\s+)?(?:off|disabled)|pretend|act\s+as|"
    r"you\s+are\s+now|you're\s+now|sudo|superuser|as\s+(?:an?\s+)?admin(?:istrator)?|pg_\w+|information_schema|app\.\w+|"
    r"(?<!forgot\s)(?<!forgotten\s)(?<!reset\s)(?<!lost\s)passwords?(?!\s+(?:resets?|resetting|recovery|changes?|"
    r"issues?|problems?|trouble|tickets?|requests?|questions?|related|help|expiry|expired|lockouts?))|"
    r"hash(?:es)?|credentials?|api\s+keys?|secrets?|/etc/|select\s+\*|union\s+select|"
    r";\s*--|users\s+table|audit\s+log|other\s+teams?)\b")
_RAW_SQL = re.compile(r"^\s*(select|with|insert|update|delete|copy|create|drop|alter|grant|explain|do|call|set|show\s+"
                      r"\w+\s*;|begin|commit|vacuum|truncate)\b.*?(\bfrom\b|;|\bset\b|\binto\b|\btable\b|\$\$)",
                      re.DOTALL)
_OUTSIDE = re.compile(r"(^|\s)/(etc|tmp|var|proc|root|home|usr|dev|sys)\b|\b(copy|dump|export|write|save|upload|"
                      r"send|email|mail)\b.{0,60}\b(to|into)\b.{0,20}(/|\\|file|disk|\.csv|\.txt|s3|ftp|http)")


def reject_if_hostile(text: str) -> None:
    if _RAW_SQL.search(text):
        raise Rejected("Questions are answered in plain English; SQL typed as a question is not run.")
    if _OUTSIDE.search(text):
        raise Rejected("SupportWise only answers from the support tables; it does not read or write files "
                       "or send data elsewhere.")
    if _WRITE.search(text):
        raise Rejected("SupportWise only reads support data: it never changes, deletes or adds anything.")
    if _OVERRIDE.search(text):
        raise Rejected("That asks to reach outside the support data or bend the rules, which is not allowed.")
