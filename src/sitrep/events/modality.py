"""How sure the report is of an event: asserted, claimed, denied, unconfirmed, speculative.

* denied: a denial verb before the trigger ("have denied any significant retreat").
* unconfirmed: "unconfirmed", "not independently verified" anywhere in the sentence.
* speculative: a modal or hedge right before the trigger in its clause ("could be
  surrounded", "may", "potentially"), or the frame is analysts suggesting/speculating.
* claimed: a party to the conflict says it -- a quoted person who is not a neutral
  observer, or partisan (state, military, party) media -- or the verb is "claimed".
* asserted: plain reporting, including independent outlets and an event presupposed by
  a temporal clause ("after the liberation of Soledar, ...").
"""

from __future__ import annotations

import re

from sitrep.events import lexicon as lx
from sitrep.events.sources import Link

_PRESUPPOSED = re.compile(r"\b(?:after|since|following|before)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)


def decide(text: str, t_start: int, clause_start: int, links: tuple[Link, ...], claim_verb: bool,
           nominal: bool) -> str:
    """Modality of the event triggered at sentence offset ``t_start``."""
    before = text[:t_start]
    if lx.DENIAL.search(before):
        return "denied"
    if lx.UNCONFIRMED.search(text):
        return "unconfirmed"
    if lx.MODAL.search(text[max(clause_start, t_start - 45):t_start]):
        return "speculative"
    if links and all(lk.source.role == "analyst" for lk in links):
        return "speculative"
    if nominal and _PRESUPPOSED.search(before[-40:]):
        return "asserted"
    if claim_verb or any(lk.party for lk in links):
        return "claimed"
    return "asserted"


def merged(current: str, elaboration: str) -> str:
    """An elaborating sentence can only make an event less certain, never more."""
    if elaboration in ("denied", "unconfirmed"):
        return elaboration
    return current
