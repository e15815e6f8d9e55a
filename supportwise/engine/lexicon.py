"""Text normalization and typo correction before parsing.

Typos are corrected only towards words the engine knows (the semantic layer's words and
time words), only for words it does not know, and only within a small edit distance —
so "urgnet tickts by chanel" reads as "urgent tickets by channel", while names and
unknown words are left for the parser to refuse.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from supportwise.engine.layer import load_layer

_CONTRACTIONS = {
    "what's": "what is", "how's": "how is", "where's": "where is", "who's": "who is", "that's": "that is",
    "didn't": "did not", "don't": "do not", "doesn't": "does not", "wasn't": "was not", "weren't": "were not",
    "isn't": "is not", "aren't": "are not", "haven't": "have not", "hasn't": "has not", "hadn't": "had not",
    "won't": "will not", "can't": "cannot", "i'm": "i am", "we've": "we have", "it's": "it is",
    "let's": "let us", "there's": "there is",
}

TIME_WORDS = frozenset("""
today yesterday week weeks month months quarter quarters year years day days since between last past previous
this current ago before after until through fortnight weekend weekends weekday weekdays hours hour minutes
january february march april june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())

# Words that carry no meaning for a query: question scaffolding, verbs of receiving, articles.
FILLER = frozenset("""
a an the of did do does done we our us ours you your i me my get got gets getting receive received receiving
come came coming in on at for with to from into about ticket tickets how many much what was were is are be been
being there have has had number count counts total totals show shows give tell please by per and all that it its
those these this which who whom whose can could would should will may might let see list display find
created create opened opening raised raise submitted logged filed new came in so far overall whole any some
kind sort currently right now still yet ever as well also just only both either each every or vs versus than
compared compare against comparison same breakdown broken down break split across group grouped via through
over under during within where when while has had volume amount level levels figure figures stats statistic
statistics metric metrics data info information report on look like looking know want need see seeing
cases case requests request issues issue ones one support customer customers client clients user users people
folks did handle handled handling deal dealt get got take took taking it's us up out off average avg mean median
typical percentage percent share proportion fraction rate ratio what's whats how's hows many most least top
bottom highest lowest fewest biggest largest smallest best worst busiest quietest more less fewer greater
slowest fastest longest shortest quickest maximum minimum heaviest lightest ascending descending sorted ordered
ranked rank sort order
longer shorter then now again instead rather
assigned trend trends over time timeline series day days week weeks month months quarter quarters year years hour
hours
working sitting sits sit daily weekly monthly quarterly yearly among amongst so um uh er hmm roughly
approximately about around
basically actually exactly hey hi quick quickly thanks thank routed went go goes belong belonging sent landed
received land arrive arrived come altogether combined roughly real really kindly ok okay alright cool great his
her their its my plate thing things stuff pull grab inbound incoming moment generated arrive arrives arriving
logged launch launched released release restrict narrow focus drill zoom currently presently overall plus
slower faster higher lower better worse bigger smaller
i'd i'll i've we'd we'll you'd understand understanding wonder wondering curious interested keen hoping hope
like love appreciate grateful glad happy mind possible possibly perhaps maybe might kindly specifically
particular particularly especially exactly precisely quite rather pretty very much many lot lots bit little
prepare prepared preparing compile pulled putting put provide provided send sharing tell told ask asked
asking check checking confirm verify figure find found calculate calculated compute computed
meeting board review reviewing planning session leadership management
exec execs boss team's someone somebody anyone anybody everyone everybody folks guys all y'all everybody's
expressed expressed express terms sense idea picture view overview summary summarise summarize recap
workload workloads covering cover covers whether which way how's whatever somewhere something anything
manage managed managing actually really truly honestly basically literally overall generally typically
involve involves involved involving back forth back-and-forth having sees seen see saw look looked looking
feeling feel think thought guess suspect believe seems seem appears appear hear heard noticed notice
in-total so-far yet already ever still recently lately nowadays these days please thanks thx ty cheers
hey hi hello team's channel's each's there's here here's whole entire full complete
""".split())

# Words that carry meaning the parse must honour or decline: never typo-corrected into another word
# ("older" is not "order", "staffed" is not "stated") and never filler. Left over, they decline.
MEANINGFUL = frozenset("""
older newer oldest newest aged aging ageing age stale inactive idle untouched requester requesters submitter
unassigned assignee assignees business staffed staffing shift shifts rota roster sla slas breach breached
breaches nps ces utilization utilisation occupancy revenue churn churned cost costs abandoned abandonment
transfer transferred transfers escalated escalation escalations touch touches touched internal private public
note notes distinct unique different separate max min maximum minimum ratio rate per
change changed changes changing moved shifted dropped drop rose rise jumped spiked why reason reasons cause caused
reset resets password passwords
""".split())

# Qualifiers the support data cannot honour. Answering without them would answer a different
# question, so a question naming one is declined with the reason (checked after names are read).
NOT_IN_DATA: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), reason) for p, reason in (
    (r"\b(?:business|working|office|opening|support)\s+hours?\b|\bbusiness\s+time\b",
     "The data has no business-hours calendar: times are measured in calendar hours, so I can't answer in "
     "business hours."),
    (r"\bsla\w*\b|\b(?:service\s+level|breach\w*|within\s+target|vs\s+target|against\s+target)\b",
     "The data holds no SLA policy or targets, so I can't tell which tickets met or breached one."),
    (r"\b(?:staffed|staffing|shifts?|rota|roster|utili[sz]ation|occupancy|capacity|headcount|schedule\s+adherence)\b",
     "The data holds no staffing, shift or schedule records."),
    (r"\b(?:nps|net\s+promoter|ces|customer\s+effort|revenue|mrr|arr|churn\w*|cost\s+per|costs?|spend|"
     r"price|pricing)\b", "The support data holds no survey scores besides CSAT, and no money or churn figures."),
    (r"\b(?:abandon\w*|talk\s+time|hold\s+time|wrap[\s-]up|after[\s-]call|call\s+duration|queue\s+time|"
     r"wait\s+time\s+in\s+queue|transfer\w*|escalat\w*|macros?|attachments?|spam|deleted|bots?|chatbot|"
     r"deflect\w*|self[\s-]service|knowledge\s+base|articles?)\b",
     "The data has no record of that (calls, transfers, escalations, macros, attachments, bots or help-centre use)."),
    (r"\bhandl(?:e|ing)\s+times?\b|\baht\b|\b(?:time|hours?|minutes?)\s+(?:(?:was|were|is|are|has\s+been|have\s+been|"
     r"did\s+\w+|do\s+\w+)\s+)?(?:spent|worked|logged|tracked|booked)\b|\b(?:logged|tracked|billable)\s+(?:time|hours)\b|"
     r"\btime\s+(?:tracking|entries|sheets?)\b|\btimesheets?\b",
     "The data records when tickets were created, first answered and solved, not how long agents worked on them "
     "(handle time); ask for the resolution time instead."),
    (r"\b(?:new|returning|repeat|first[\s-]time|loyal)\s+(?:customers?|clients?|users?|requesters?|accounts?)\b",
     "New and returning customers are not marked in the data; ask e.g. 'customers with more than 2 tickets "
     "this year'."),
))

# Words that, left over, mean part of a time phrase was not understood: never filler.
RANGE_WORDS = frozenset("between since until till before after ago".split())

# Shorthand people type, expanded before anything else reads the text.
SHORTHAND = {
    "tix": "tickets", "tkts": "tickets", "tkt": "ticket", "wk": "week", "wks": "weeks", "mo": "month",
    "mos": "months", "mth": "month", "mths": "months", "yr": "year", "yrs": "years", "qtr": "quarter",
    "qtrs": "quarters", "hi-pri": "high priority", "hipri": "high priority", "lo-pri": "low priority",
    "prio": "priority", "pri": "priority", "organisation": "organization", "organisations": "organizations",
    "pls": "please", "plz": "please", "w/": "with", "w/o": "without", "thru": "through", "avg.": "avg",
    "no.": "number", "#": "number", "yday": "yesterday", "yest": "yesterday", "rn": "right now", "hrs": "hours",
    "hr": "hour", "res": "resolution", "thx": "thanks", "tnx": "thanks", "mins": "minutes",
    "agts": "agents", "cust": "customer", "custs": "customers", "ent": "enterprise", "tmrw": "tomorrow",
}

_ORDINAL_DAYS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                 "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()


def fold(text: str) -> str:
    """NFKC, then lower case: full-width and compatibility letters read as the letters they look like.

    >>> fold("ＤＥＬＥＴＥ ﬁrst")
    'delete first'
    >>> fold("d\u0435l\u0435t\u0435 them")  # Cyrillic е inside a Latin word
    'delete them'
    """
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\w+", _unmix, text) if not text.isascii() else text


# Cyrillic and Greek letters drawn like Latin ones: inside a word that also has Latin letters ("dеlеtе" with
# Cyrillic е) they are read as the Latin letter, so a disguised word is seen for what it is
_LOOKALIKES = str.maketrans("аеорсухіјѕԁӏαεικνορτυχ", "aeopcyxijsdlaeikvoptux")


def _unmix(word: re.Match) -> str:
    text = word.group()
    if re.search(r"[a-z]", text) and re.search(r"[\u0370-\u03ff\u0400-\u04ff]", text):
        return text.translate(_LOOKALIKES)
    return text


def normalize(text: str) -> str:
    """Lower-case, expand contractions, drop punctuation that carries no meaning.

    >>> normalize("What's the CSAT for P1 tickets, last week?")
    'what is the csat for p1 tickets , last week'
    """
    text = fold(text).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    # chat pastes: "[10:42 AM] Dana Whitfield: …", "> quoted", "@mentions", ":emoji:", "re: …"
    text = re.sub(r"^\s*\[[^\]]{1,40}\]\s*[^:\n]{1,40}:\s*", "", text)
    text = re.sub(r"^\s*(?:>\s*)+|\s\^\s|(?<!\w)@\w+|:[a-z_+-]+:|^\s*re:\s*", " ", text)
    text = re.sub(r"\b(\d+)\s?d\b", r"\1 days", text)
    text = re.sub(r"\b(\d+)\s?w\b", r"\1 weeks", text)
    text = re.sub(r"\b(\d+)\s?min\b", r"\1 minutes", text)
    text = re.sub(r"\bin average\b", "on average", text)
    # an aside naming a meeting: "… for the weekly sync", "before the monthly review"
    text = re.sub(r"\b(?:for|in|at|before|ahead\s+of)\s+(?:the|our|my|a)\s+(?:weekly|daily|monthly|quarterly)\s+"
                  r"(?:business\s+)?(?:sync|standup|stand-up|meeting|review|call|report|update)\b", " ", text)
    text = re.sub(r"\b(?:for|in|at|before|ahead\s+of)\s+(?:the|our|my|a)\s+(?:exec(?:utive)?|board|leadership|qbr)\s+"
                  r"(?:deck|meeting|review|presentation|slides?)\b(?:\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|"
                  r"tomorrow|next\s+week))?|\bfor\s+(?:the|our|my|a)\s+qbr\b", " ", text)
    # "the most negative sentiment" ranks areas by their average sentiment, lowest first
    sentiment = r"(?=(?:average\s+|avg\s+|mean\s+|customer\s+)?sentiment\b)"
    text = re.sub(rf"\b(?:most|more)\s+negative\s+{sentiment}|\b(?:least|less)\s+positive\s+{sentiment}", "worst ", text)  # noqa: E501
    text = re.sub(rf"\b(?:most|more)\s+positive\s+{sentiment}|\b(?:least|less)\s+negative\s+{sentiment}", "best ", text)
    for n, word in enumerate(_ORDINAL_DAYS, start=1):
        text = re.sub(rf"\b{word}\s+of\s+(?=[a-z])", f"{n}th of ", text)
    for short, long in _CONTRACTIONS.items():
        text = text.replace(short, long)
    text = re.sub(r"(?<=\w)'s\b", "", text)
    text = re.sub(r"(?<![\w])'([^']+)'(?![\w])", r" \1 ", text)     # 'new' status → new status
    text = re.sub(r"\b([a-z]+)/(ticket|case|day|week|month|agent|hour)\b", r"\1 per \2", text)
    text = re.sub(r"\bnon-(?=[a-z])", "non ", text)
    text = re.sub(r"\b([a-z]+)-(?:specific|level|wise)\b", r"by \1", text)  # "channel-specific CSAT" → by channel
    text = re.sub(r"\b(p\d|sev\s?\d)s\b", r"\1", text)  # "P1s" → "p1"
    text = re.sub(r"[?!;\"()\[\]{}]", " ", text)
    text = re.sub(r",(?!\d)", " , ", text)  # kept as a token: it separates listed metrics; no extractor reads it
    text = re.sub(r"(?<!\d)\.(?!\d)", " ", text)
    text = re.sub(r"%", " percent ", text)
    return " ".join(SHORTHAND.get(w, w) for w in text.split())


NUMBER_WORDS = frozenset("""
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand once twice
""".split())


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    # Number words are known (never "corrected": "four" is not "hour") but not filler: left over, they decline.
    return frozenset(load_layer().vocabulary() | TIME_WORDS | FILLER | NUMBER_WORDS | MEANINGFUL)


@lru_cache(maxsize=1)
def _targets() -> tuple[str, ...]:
    # Towards the layer's vocabulary, time words and longer filler ("tickts" → "tickets").
    layer = load_layer()
    words = (layer.vocabulary() - layer.exact_words()) | TIME_WORDS | {w for w in FILLER if len(w) >= 5}
    return tuple(sorted(w for w in words if len(w) >= 4 and w.isalpha()))


@lru_cache(maxsize=4096)
def correct_word(word: str) -> str:
    """The known word within edit distance 1 (2 for long words), else the word itself."""
    if len(word) < 4 or not word.isalpha() or word in known_words():
        return word
    limit = 1 if len(word) <= 6 else 2
    # a typo keeps the first letter: "trending" is not "pending", "older" was never "order"
    matches = [m for m in process.extract(word, _targets(), scorer=OSA.distance, score_cutoff=limit, limit=8)
               if m[0][0] == word[0]]
    if not matches:
        return word
    best = min(score for _, score, _ in matches)
    tied = [choice for choice, score, _ in matches if score == best]
    # Among equally close words prefer an anagram: a swapped pair ("tiem") is the commonest typo.
    anagrams = [t for t in tied if sorted(t) == sorted(word)]
    return (anagrams or tied)[0]


def _split_compound(word: str) -> str:
    """'first-response' → 'first response' when the whole is unknown but every part is known."""
    parts = word.split("-")
    if len(parts) > 1 and word not in known_words() and all(p in known_words() for p in parts if p):
        return " ".join(parts)
    return word


def correct(text: str, protected: frozenset[str] = frozenset()) -> str:
    """Correct each unknown word of normalized text; words in `protected` (names) stay as typed."""
    return " ".join(w if w in protected else correct_word(_split_compound(w)) for w in text.split(" "))
