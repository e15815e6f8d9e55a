"""A presidio ``AnalyzerEngine`` that works offline and finds SupportWise's kinds of PII.

Presidio's defaults download a spaCy model (no internet here, and none may be fetched)
and look up the public-suffix list online. This module builds the engine from parts
that need neither:

- NLP: an installed spaCy English model if one is importable, else ``spacy.blank("en")``
  (a tokenizer only — names then come from ``names.NameRecognizer``, not from NER);
- patterns: e-mail (public suffixes from tldextract's bundled snapshot), phone
  (libphonenumber plus a pattern for the written shapes it misses), credit card, IBAN,
  IP address, US SSN, URL;
- PERSON: the known customers' and agents' names.
"""

from __future__ import annotations

import functools
import logging
import re

import phonenumbers
import spacy
import tldextract
from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UrlRecognizer,
    UsSsnRecognizer,
)

from supportwise.pii.names import NameList, NameRecognizer

log = logging.getLogger(__name__)

LANGUAGE = "en"
ENTITIES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "US_SSN", "URL")
# Installed models are used if present, best first; never downloaded.
SPACY_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm")
# Presidio's very weak SSN patterns (any 9 digits, score 0.05) would mask order numbers;
# context words ("ssn", "social security") lift a real one above this.
SCORE_THRESHOLD = 0.3
# National-format numbers are read as US and UK ones; numbers written with +CC need no region.
PHONE_REGIONS = ("US", "GB")


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """presidio's spaCy engine, loading an installed model or a blank English pipeline."""

    def __init__(self) -> None:
        self.model_name = installed_spacy_model()
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": self.model_name or "blank:en"}])

    def load(self) -> None:
        self.nlp = {LANGUAGE: spacy.load(self.model_name) if self.model_name else spacy.blank(LANGUAGE)}

    @property
    def has_ner(self) -> bool:
        return self.model_name is not None


def installed_spacy_model() -> str | None:
    """The best English spaCy model installed as a package, or None (the usual case here)."""
    return next((name for name in SPACY_MODELS if spacy.util.is_package(name)), None)


@functools.lru_cache(maxsize=1)
def offline_suffixes() -> tldextract.TLDExtract:
    """tldextract over its bundled public-suffix snapshot: no HTTP, no cache directory."""
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


class OfflineEmailRecognizer(EmailRecognizer):
    """presidio's e-mail recognizer, validating the domain without tldextract's network fetch."""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_suffixes()(pattern_text).fqdn != ""


class WrittenPhoneRecognizer(PatternRecognizer):
    """Phone numbers as people type them, where libphonenumber's validity check says no.

    libphonenumber (leniency VALID) rejects e.g. "+56 2 2345 6789" or "+44 7700 900123"
    whose digit ranges it does not know; leniency POSSIBLE finds them but also any long
    digit run. These shapes — a +country code, or the North American 3-3-4 — are
    specific enough on their own.
    """

    PATTERNS = [
        Pattern("International", r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,6}(?![\w-])", 0.6),
        Pattern("North American", r"(?<![\w+(-])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-])", 0.6),
    ]
    CONTEXT = ["phone", "call", "mobile", "cell", "tel", "line", "reach"]

    def __init__(self) -> None:
        super().__init__(supported_entity="PHONE_NUMBER", patterns=self.PATTERNS, context=self.CONTEXT,
                         supported_language=LANGUAGE, name="WrittenPhoneRecognizer")

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = len(re.sub(r"\D", "", pattern_text))
        return None if 8 <= digits <= 15 else False


class ProseUrlRecognizer(UrlRecognizer):
    """presidio's URL recognizer without its two prose false alarms.

    A bare ``word.tld`` also matches SQL-ish ``t.id``/``a.name`` (one-letter labels) and
    file names whose extension is a country code (``setup.py``, ``run.sh``, ``README.md``).
    Anything with a scheme, ``www.`` or a path is still a URL. A path also swallows the
    sentence's punctuation ("see https://x.io/help, then"); that is given back.
    """

    FILE_EXTENSIONS = frozenset({"py", "sh", "md", "pl", "rs", "ps", "so"})

    def __init__(self) -> None:
        super().__init__(supported_language=LANGUAGE)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # noqa: D102
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            while result.end > result.start + 1 and text[result.end - 1] in ".,;:!?)]}":
                result.end -= 1
        return results

    def invalidate_result(self, pattern_text: str) -> bool:
        text = pattern_text.strip("\"'")
        if re.match(r"(?i)(?:[a-z][a-z0-9+.-]*://|www\d{0,3}\.)", text) or "/" in text:
            return False
        labels = text.lower().split(".")
        return len(labels[-2]) < 2 or (len(labels) == 2 and labels[-1] in self.FILE_EXTENSIONS)


def pattern_recognizers() -> list:
    """The recognizers that need no name list (fresh objects: registries own theirs)."""
    return [
        OfflineEmailRecognizer(),
        PhoneRecognizer(supported_regions=PHONE_REGIONS, leniency=phonenumbers.Leniency.VALID),
        WrittenPhoneRecognizer(),
        CreditCardRecognizer(),
        IbanRecognizer(),
        IpRecognizer(),
        UsSsnRecognizer(),
        ProseUrlRecognizer(),
    ]


@functools.lru_cache(maxsize=1)
def nlp_engine() -> OfflineSpacyNlpEngine:
    """One loaded spaCy engine per process (loading is the slow part of building)."""
    engine = OfflineSpacyNlpEngine()
    engine.load()
    if engine.model_name:
        log.info("PII analyzer uses the installed spaCy model %s", engine.model_name)
    return engine


def build_analyzer(names: NameList | None = None) -> AnalyzerEngine:
    """An offline AnalyzerEngine for ``ENTITIES``; ``names`` feeds the PERSON recognizer."""
    nlp = nlp_engine()
    recognizers = pattern_recognizers()
    if names is not None:
        recognizers.append(NameRecognizer(names, supported_language=LANGUAGE))
    if nlp.has_ner:
        recognizers.append(SpacyRecognizer(supported_language=LANGUAGE, supported_entities=["PERSON"]))
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[LANGUAGE])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=[LANGUAGE],
                          default_score_threshold=SCORE_THRESHOLD)
