"""Email addresses and phone numbers in the shapes people really write them, by region.

NA numbers use the fictional 555-01xx block and UK ones Ofcom's drama ranges; other
countries get plausible random digits in their usual grouping.
"""

from __future__ import annotations

import random

# '#' is a random digit.
PHONE_PATTERNS = {
    "NA": (
        "+1 {area}-555-01##", "({area}) 555-01##", "{area}.555.01##", "+1 ({area}) 555-01##",
        "{area}-555-01##", "+1 {area} 555 01##",
    ),
    "EMEA": (
        "+44 20 7946 0###", "+44 161 496 0###", "+44 7700 900###", "+49 30 ########",
        "+49 89 #### ####", "+33 1 ## ## ## ##", "+31 20 ### ####", "+34 91 ### ## ##",
        "+46 8 ### ## ##", "+39 02 #### ####", "+353 1 ### ####",
    ),
    "APAC": (
        "+61 2 #### ####", "+61 4## ### ###", "+65 6### ####", "+65 9### ####", "+81 3-####-####",
        "+91 9#### #####", "+64 9 ### ####", "+82 2-####-####",
    ),
    "LATAM": (
        "+55 11 9####-####", "+52 55 #### ####", "+54 11 ####-####", "+56 2 #### ####",
        "+57 1 ### ####", "+51 1 ### ####",
    ),
}
NA_AREA_CODES = ("415", "212", "646", "312", "617", "206", "512", "303", "404", "305", "213", "718",
                 "619", "503", "416", "604", "720", "408")

EMAIL_STYLES = ("first.last", "first.last", "flast", "first", "first_last", "firstl", "first.last#")


def slug(text: str) -> str:
    """Lowercase letters and digits only: "O'Brien" -> "obrien", "Jae-won" -> "jaewon"."""
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _digits(rng: random.Random, pattern: str) -> str:
    return "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in pattern)


def phone_number(rng: random.Random, region: str) -> str:
    """A phone number formatted the way someone in that region would type it."""
    pattern = rng.choice(PHONE_PATTERNS[region])
    if "{area}" in pattern:
        pattern = pattern.replace("{area}", rng.choice(NA_AREA_CODES))
    return _digits(rng, pattern)


def email_local_part(rng: random.Random, first: str, last: str) -> str:
    """The part before '@' in one of the common corporate styles."""
    f, l = slug(first), slug(last)  # noqa: E741 — first and last name, as in the patterns below
    style = rng.choice(EMAIL_STYLES)
    if style == "first.last":
        return f"{f}.{l}"
    if style == "flast":
        return f"{f[0]}{l}"
    if style == "first":
        return f
    if style == "first_last":
        return f"{f}_{l}"
    if style == "firstl":
        return f"{f}{l[0]}"
    return f"{f}.{l}{rng.randrange(2, 99)}"


def unique_email(rng: random.Random, local: str, domain: str, taken: set[str]) -> str:
    """local@domain, with a number appended to the local part if the address is taken."""
    email = f"{local}@{domain}"
    while email in taken:
        email = f"{local}{rng.randrange(2, 999)}@{domain}"
    taken.add(email)
    return email
