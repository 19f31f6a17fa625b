"""Admiralty-style grades: source reliability A-F and information credibility 1-6.

The formulas (also in docs/ledger.md); every grade carries the inputs that produced it.

Reliability of a source, from its front-line track record (capture/withdrawal claims
judged against the map; ``judged`` = confirmed + contradicted):

* fewer than ``MIN_JUDGED`` judged claims: the registry's prior grade (F if unregistered);
* otherwise, with ``rate`` = confirmed / judged: A rate >= 0.95 and judged >= 10,
  B rate >= 0.85, C >= 0.70, D >= 0.50, E below.

Credibility of a fused event, first rule that applies:

1. confirmed: the map confirms it, or the opposing side concedes it and it has >= 2
   independent lines of evidence;
5. improbable: the map contradicts it (and nothing on the map confirms it);
6. cannot be judged: no claim asserts it (only speculative/unconfirmed/denied claims);
2. probably true: the map shows the change but every claim is undated (timing unknown);
4. doubtful: a denial or another contradiction stands against it;
2. probably true: >= 2 independent lines (or a concession by the opposing side);
3. possibly true: one line, uncontradicted.

The event's reliability is the best reliability among the sources supporting it.
"""

from __future__ import annotations

from sitrep.ledger.records import AttributedClaim, Contradiction, Grade, MapCheck, SourceInfo

MIN_JUDGED = 3
LETTERS = "ABCDEF"
SUPPORTING = ("asserted", "claimed")


def reliability_from_record(prior: str, confirmed: int, contradicted: int) -> tuple[str, tuple[str, ...]]:
    judged = confirmed + contradicted
    if judged < MIN_JUDGED:
        return prior, (f"{judged} capture/withdrawal claim(s) judged against the map "
                       f"(< {MIN_JUDGED}): registry prior {prior}",)
    rate = confirmed / judged
    if rate >= 0.95 and judged >= 10:
        letter = "A"
    elif rate >= 0.85:
        letter = "B"
    elif rate >= 0.70:
        letter = "C"
    elif rate >= 0.50:
        letter = "D"
    else:
        letter = "E"
    return letter, (f"{confirmed} of {judged} judged claims confirmed by the map "
                    f"(rate {rate:.2f}) -> {letter}",)


def event_grade(claims: tuple[AttributedClaim, ...], lines: tuple[str, ...], conceded: bool,
                contradictions: tuple[Contradiction, ...], map_checks: tuple[MapCheck, ...],
                reliability: dict[str, tuple[str, tuple[str, ...]]]) -> Grade:
    """``reliability``: source_id -> (letter, inputs) for every source seen."""
    rel, rel_inputs = _event_reliability(claims, reliability)
    cred, cred_inputs = _credibility(claims, lines, conceded, contradictions, map_checks)
    return Grade(rel, cred, rel_inputs, cred_inputs)


def _event_reliability(claims: tuple[AttributedClaim, ...],
                       reliability: dict[str, tuple[str, tuple[str, ...]]]) -> tuple[str, tuple[str, ...]]:
    best = "F"
    inputs: list[str] = []
    for ac in claims:
        if ac.claim.modality not in SUPPORTING:
            continue
        for src in _chain(ac):
            letter, why = reliability.get(src.source_id, (src.prior, ("registry prior",)))
            inputs.append(f"{src.name}: {letter} ({why[0]})")
            best = min(best, letter, key=LETTERS.index)
    if not inputs:
        inputs.append("no identified source supports it: F")
    return best, tuple(dict.fromkeys(inputs))


def _chain(ac: AttributedClaim) -> list[SourceInfo]:
    return [s for s in (ac.outlet, ac.origin) if s is not None]


def _credibility(claims: tuple[AttributedClaim, ...], lines: tuple[str, ...], conceded: bool,
                 contradictions: tuple[Contradiction, ...],
                 map_checks: tuple[MapCheck, ...]) -> tuple[int, tuple[str, ...]]:
    confirmed = [m for m in map_checks if m.verdict == "confirmed"]
    against = [m for m in map_checks if m.verdict == "contradicted"]
    supporting = [ac for ac in claims if ac.claim.modality in SUPPORTING]
    hard = [c for c in contradictions if c.severity == "contradiction" and c.kind != "map"]
    inputs = (f"{len(lines)} independent line(s) of evidence: {', '.join(lines) or '-'}",
              f"conceded by the opposing side: {'yes' if conceded else 'no'}",
              f"map: {len(confirmed)} confirmed, {len(against)} contradicted",
              f"contradictions: {len(hard)} (+{len(contradictions) - len(hard)} possible/map)",
              f"supporting claims: {len(supporting)} of {len(claims)}")
    if confirmed:
        return 1, inputs + ("map confirms it -> 1",)
    if conceded and len(lines) >= 2:
        return 1, inputs + ("conceded by the opposing side, >= 2 lines -> 1",)
    if against:
        return 5, inputs + ("map contradicts it -> 5",)
    if not supporting:
        return 6, inputs + ("no claim asserts it -> 6",)
    shown = [m for m in map_checks if m.verdict == "undated" and m.map_date is not None]
    if shown:
        return 2, inputs + (f"map shows the change ({shown[0].map_date}) but the claims are undated, "
                            "so their timing cannot be confirmed -> 2",)
    if hard:
        return 4, inputs + ("contradicted (denial / incompatible report) -> 4",)
    if len(lines) >= 2 or conceded:
        return 2, inputs + (">= 2 independent lines, uncontradicted -> 2",)
    return 3, inputs + ("one line of evidence, uncontradicted -> 3",)
