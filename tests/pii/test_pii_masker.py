"""PiiMasker on known strings: formats, overlaps, the column rule, odd input (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from supportwise.pii.columns import pii_column_type
from supportwise.pii.masker import REDACTED, Span, masker_for_names, merge_spans
from supportwise.pii.names import NameList

NAMES = ["Olivia Johnson", "Pieter de Vries", "Siobhan O'Brien", "Lars Van den Berg", "Kenji Tanaka",
         "Will Carter", "Jae-won Kim"]


@pytest.fixture(scope="module")
def masker():
    return masker_for_names(NAMES)


@pytest.mark.parametrize("phone", [
    "+1 415-555-0134", "(212) 555-0198", "+44 20 7946 0958", "415.555.0134", "+1 (646) 555-0101",
    "312-555-0177", "+1 206 555 0142", "+44 7700 900123", "+49 30 12345678", "+33 1 23 45 67 89",
    "+56 2 2345 6789", "+57 1 234 5678", "+81 3-1234-5678", "+55 11 91234-5678", "+353 1 234 5678",
])
def test_phone_formats_the_seeder_writes(masker, phone):
    assert masker.mask_text(f"Call me on {phone} today.") == "Call me on <PHONE> today."


@pytest.mark.parametrize("text, expected", [
    ("Hi Olivia,\nthanks.", "Hi <PERSON>,\nthanks."),
    ("Best,\nOlivia Johnson\nOps", "Best,\n<PERSON>\nOps"),
    ("olivia  JOHNSON called", "<PERSON> called"),                       # full names: any case, any spacing
    ("Dear Pieter de Vries,", "Dear <PERSON>,"),
    ("Thanks,\nSiobhan O’Brien", "Thanks,\n<PERSON>"),                     # typographic apostrophe
    ("Lars Van den Berg and Kenji", "<PERSON> and <PERSON>"),
    ("- Jae-won", "- <PERSON>"),
    ("Write to olivia.johnson@acme.co.uk please", "Write to <EMAIL> please"),  # name inside e-mail: one span
    ("Will you check? Will Carter will.", "Will you check? <PERSON> will."),  # "Will" alone is a word
    ("Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00", "Card <CREDIT_CARD>, IBAN <IBAN>"),
    ("Server 10.20.30.40 and https://acme.io/x", "Server <IP_ADDRESS> and <URL>"),
    ("My SSN is 536-22-1234", "My SSN is <SSN>"),
])
def test_mask_text(masker, text, expected):
    assert masker.mask_text(text) == expected


def test_support_vocabulary_is_left_alone(masker):
    text = ("Billing sync failed: SYNC-409 conflict on /v2/contacts since 10:15, refund of $1,188.00 for "
            "INV-48213 (ws-12345, app 5.2.1, 1,234 contacts, 2026-11-23). Salesforce, HubSpot, Zoho CRM, "
            "Make, Power Automate, Tallyo Support, Frontline team. See t.id = a.id in setup.py.")
    assert masker.mask_text(text) == text


def test_odd_values_never_raise(masker):
    assert masker.mask_text(None) is None
    for value in (0, 42, 3.5, Decimal("1.50"), dt.date(2026, 1, 2), True, ["x"], object):
        assert masker.mask_text(value) is value
    assert masker.mask_text("") == ""
    assert masker.mask_text("   \n\t-- ") == "   \n\t-- "
    assert masker.mask_text(b"mail olivia@acme.com \xff") == "mail <EMAIL> \ufffd"
    assert masker.mask_text(bytearray(b"Kenji")) == "<PERSON>"
    assert masker.mask_text("🙂 Olivia 🎉 +1 415-555-0134 🙂") == "🙂 <PERSON> 🎉 <PHONE> 🙂"
    assert masker.mask_text("\x00\ud800 Olivia") == "\x00\ud800 <PERSON>"


def test_very_long_text_is_masked_everywhere(masker):
    filler = "lorem ipsum dolor " * 3000          # 54,000 characters per block
    parts = [filler, "olivia@acme.com ", filler, "Kenji Tanaka ", filler * 20, "(212) 555-0198"]
    text = "".join(parts)
    assert len(text) > 1_000_000                   # beyond spaCy's max_length
    masked = masker.mask_text(text)
    assert "olivia@acme.com" not in masked and "Kenji" not in masked and "555-0198" not in masked
    assert masked.count("<EMAIL>") == 1 and masked.count("<PERSON>") == 1 and masked.count("<PHONE>") == 1


def test_a_span_across_a_window_boundary_is_found(masker):
    from supportwise.pii import masker as module

    text = "x" * (module.WINDOW - 10) + " olivia@acme.com " + "y" * 100
    assert "olivia" not in masker.mask_text(text)


def test_analyzer_failure_fails_closed(masker, monkeypatch):
    fresh = masker_for_names(NAMES)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(fresh.analyzer, "analyze", broken)
    assert fresh.mask_text("Olivia rang") == REDACTED


def test_repeated_strings_come_from_the_cache(masker):
    masker.mask_text("Cached Olivia text")
    hits = masker._mask_cached.cache_info().hits
    masker.mask_text("Cached Olivia text")
    assert masker._mask_cached.cache_info().hits == hits + 1


def test_overlaps_merge_to_the_longest_type():
    spans = merge_spans([Span(0, 6, "PERSON"), Span(0, 20, "EMAIL_ADDRESS"), Span(15, 20, "URL"),
                         Span(30, 35, "PHONE_NUMBER"), Span(33, 40, "PHONE_NUMBER")])
    assert spans == [Span(0, 20, "EMAIL_ADDRESS"), Span(30, 40, "PHONE_NUMBER")]


@pytest.mark.parametrize("column, expected", [
    ("name", "PERSON"), ("email", "EMAIL_ADDRESS"), ("phone", "PHONE_NUMBER"),
    ("customer_name", "PERSON"), ("requester_email", "EMAIL_ADDRESS"), ("agent_name", "PERSON"),
    ("requesterEmail", "EMAIL_ADDRESS"), ("Customer Name", "PERSON"), ("e-mail", "EMAIL_ADDRESS"),
    ("email_address", "EMAIL_ADDRESS"), ("phone_number", "PHONE_NUMBER"), ("mobile", "PHONE_NUMBER"),
    ("first_name", "PERSON"), ("last_name", "PERSON"), ("username", "PERSON"),
    ("agent", "PERSON"), ("assignee", "PERSON"), ("requester", "PERSON"), ("customer", "PERSON"),
    ("organization_name", None), ("org_name", None), ("product_name", None), ("team_name", None),
    ("plan_name", None), ("feature_release_name", None), ("day_name", None),
    ("email_count", None), ("agent_id", None), ("phone_tickets", None), ("organization", None),
    ("ticket_count", None), ("subject", None), ("channel", None), (None, None), ("", None), (7, None),
])
def test_pii_column_rule(column, expected):
    assert pii_column_type(column) == expected


def test_mask_rows(masker):
    columns = ["name", "email", "phone", "organization_name", "tickets", "first_ticket", "note", "has_phone",
               "sql"]
    day = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.timezone.utc)
    rows = [
        ["Olivia Johnson", "olivia@acme.com", "+1 415-555-0134", "Acme Labs", 12, day,
         "Kenji asked for a refund", True, "SELECT 1 FROM agents a WHERE a.name = 'Kenji Tanaka'"],
        [None, None, None, None, None, None, None, None, None],
        ("Pieter de Vries", "p@x.nl", 4155550134, "Nova GmbH", Decimal("3"), dt.date(2026, 1, 1), b"Olivia",
         False, None, "extra Olivia"),
    ]
    masked = masker.mask_rows(columns, rows)
    assert masked[0] == ["<PERSON>", "<EMAIL>", "<PHONE>", "Acme Labs", 12, day, "<PERSON> asked for a refund",
                         True, "SELECT 1 FROM agents a WHERE a.name = '<PERSON>'"]
    assert masked[1] == rows[1]
    assert masked[2] == ["<PERSON>", "<EMAIL>", "<PHONE>", "Nova GmbH", Decimal("3"), dt.date(2026, 1, 1),
                         "<PERSON>", False, None, "extra <PERSON>"]
    assert masked[0][4] == 12 and type(masked[2][4]) is Decimal


def test_mask_rows_odd_shapes(masker):
    assert masker.mask_rows(None, None) == []
    assert masker.mask_rows([], [["Olivia"]]) == [["<PERSON>"]]
    assert masker.mask_rows(["tags"], [[["vip", "Olivia"]], ["x"], "Olivia", 5]) == [
        [["vip", "<PERSON>"]], ["x"], "<PERSON>", 5]
    nested = {"requester": {"email": "olivia@acme.com", "note": "call Kenji", "n": 1}, "list": [[["Olivia"]]]}
    assert masker.mask_rows(["detail"], [[nested]]) == [[
        {"requester": "<PERSON>", "list": [[["<PERSON>"]]]}]]
    assert masker.mask_rows(["detail"], [[{"contact_info": {"email": "olivia@acme.com", "n": 1}}]]) == [[
        {"contact_info": {"email": "<EMAIL>", "n": 1}}]]
    assert masker.mask_rows(["k"], [[{"olivia@acme.com": 3}]]) == [[{"<EMAIL>": 3}]]


def test_mask_rows_other_sequences_and_objects(masker):
    import collections
    import ipaddress
    import uuid

    import sqlalchemy as sa

    engine = sa.create_engine("sqlite://")
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT 'Olivia Johnson' AS name, 'ask Kenji' AS note, 3 AS n")).first()
    Pair = collections.namedtuple("Pair", "who n")
    ident = uuid.UUID(int=7)
    assert masker.mask_rows(["name", "note", "n"], [row]) == [["<PERSON>", "ask <PERSON>", 3]]
    assert masker.mask_rows(["x", "y", "z", "w"], [[Pair("Kenji", 1), {"Kenji"}, ident, ipaddress.ip_address(
        "10.1.2.3")]]) == [[["<PERSON>", 1], ["<PERSON>"], ident, "<IP_ADDRESS>"]]

    class Opaque:
        def __str__(self):
            return "plain"

    thing = Opaque()
    assert masker.mask_rows(["x"], [[thing]]) == [[thing]]


def test_deep_nesting_is_redacted(masker):
    deep: list = ["Olivia"]
    for _ in range(50):
        deep = [deep]
    assert "Olivia" not in str(masker.mask_rows(["x"], [[deep]]))


def test_name_policies():
    names = ["Olivia Johnson", "Will Carter", "Al Gore"]
    assert NameList.from_full_names(names, "full").single == set()
    assert NameList.from_full_names(names, "full+first").single == {"Olivia", "Will"}
    assert NameList.from_full_names(names, "full+safe-first").single == {"Olivia"}
    assert NameList.from_full_names(names, "full+first+last").single == {"Olivia", "Will", "Johnson", "Carter",
                                                                         "Gore"}
    assert NameList.from_full_names([None, 5, "", "  ", "Cher", "x" * 200]).single == {"Cher"}
    with pytest.raises(ValueError):
        NameList.from_full_names(names, "everything")


def test_no_names_still_masks_patterns():
    masker = masker_for_names([])
    assert masker.mask_text("Olivia: olivia@acme.com") == "Olivia: <EMAIL>"
