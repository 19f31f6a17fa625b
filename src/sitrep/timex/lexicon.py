"""Patterns for English time expressions in news prose.

Months are matched case-sensitively (capitalised) so that the modal "may" and the verb
"march" never read as months; "May" additionally needs a day or a year next to it.
Weekdays are matched case-sensitively and in full, which is why "We" is never read as
Wednesday (dateparser's ``search_dates`` does exactly that).
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5,
    "Sunday": 6,
}
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3,
    "a few": 3, "few": 3,
}

_MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
        r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# full month names usable without a day ("in January", "mid-January"); "May" needs a year
_MON_FULL = (r"(?:January|February|March|April|June|July|August|September|October|November"
             r"|December|May(?=,?\s+\d{4}))")
_YEAR = r"(?:1[89]|20)\d{2}"
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)"

#: "February 24, 2022", "July 20", "Feb. 6th"
MONTH_DAY = re.compile(
    rf"\b(?P<mon>{_MON})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:km|kilomet|%|per))"
    rf"(?:,?\s+(?P<year>{_YEAR})\b)?")
#: "24 February 2022", "6th of February"
DAY_MONTH = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON})(?![a-z])"
    rf"(?:,?\s+(?P<year>{_YEAR})\b)?")
#: "2022-02-24"
ISO = re.compile(rf"\b(?P<year>{_YEAR})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")
#: "mid-January", "in late March 2023", "the end of May 2022", "in January"
MONTH_ONLY = re.compile(
    rf"(?:\b(?P<part>early|mid|late|the\s+(?:beginning|middle|end)\s+of)[-\s]+"
    rf"|\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Dd]uring|[Uu]ntil|[Tt]hrough)\s+)"
    rf"(?P<mon>{_MON_FULL})\b(?:,?\s+(?P<year>{_YEAR})\b)?"
    rf"|\b(?P<mon2>{_MON_FULL})\s+(?P<year2>{_YEAR})\b",
    re.IGNORECASE)
#: "in 2014", "since 2014"
YEAR_ONLY = re.compile(rf"\b(?P<prep>in|since|by|during|until|from|of)\s+(?P<year>{_YEAR})\b",
                       re.IGNORECASE)
#: "one day prior to the drone strike", "two days ago", "a week earlier", "three days later"
COUNTED = re.compile(
    rf"\b(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+"
    r"(?P<dir>ago|earlier|later|before|after|prior\s+to|since)"
    r"(?:\s+(?P<ref>(?:the|that|this|his|her|their|its)\s+[^,.;:]{1,60}?)(?=[,.;:]|\s+(?:on|in|when|as|and)\b|$))?\b",
    re.IGNORECASE)
#: deictic expressions resolved against the publication date or the reference time
DEICTIC = re.compile(
    r"\b(?P<expr>yesterday|today|tonight|this\s+morning|last\s+night|"
    r"the\s+(?:day|night)\s+before|the\s+previous\s+(?:day|night|week)|the\s+day\s+after|"
    r"the\s+next\s+day|the\s+following\s+day|(?:last|this|past|previous)\s+(?:week|month|year)|"
    r"earlier\s+this\s+(?:week|month|year)|the\s+week\s+before)\b",
    re.IGNORECASE)
#: vague anteriority at the head of a clause: "Earlier, ...", "Previously in ...", "Prior to that"
VAGUE = re.compile(
    r"(?:^|(?<=[,;:]\s))(?P<expr>[Ee]arlier|[Pp]reviously|[Rr]ecently|[Pp]rior\s+to\s+that|"
    r"[Bb]efore\s+that|[Ll]ater|[Ss]ince\s+then)\b")
#: "on Monday", "last Friday" (full, capitalised names only)
WEEKDAY = re.compile(
    r"\b(?:(?P<mod>last|this|next|on|On|Last|This|Next)\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
#: Cyrillic "24 лютого 2022" / "7 февраля": handed to dateparser, which reads these well
CYRILLIC = re.compile(r"\b(?P<day>[0-3]?\d)\s+(?P<mon>[а-яіїєґ]{3,12})(?:\s+(?P<year>(?:19|20)\d{2}))?",
                      re.IGNORECASE)

STOP = frozenset("the a an this that his her their its of to in on at by with and or for "
                 "prior before after day days week".split())
