"""The regex prefilters skip only texts a pattern cannot match: same matches as without them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitrep.events import attribution, location, sources, triggers
from sitrep.events import lexicon as lx
from sitrep.events.prefilter import Gated, WordPrefilter, literal_prefixes, required_literals
from sitrep.nlp.sentences import split_sentences

# hand-made sentences that exercise the tricky corners (possessives, optional prefixes,
# case, hyphens, numbers with units, lookbehinds, non-ASCII case folding)
TEXTS = (
    "Russian forces recaptured the village; its fall was confirmed by TASS.",
    "The city's fall came after Ukrainian troops withdrew, according to the Kyiv Independent.",
    "RIA Novosti, citing a Russian drone operator, claimed an airstrike 2-2.5 km from Siversk.",
    "Ukrainian defenders repelled counter-attacks; semi-encircled units pulled out.",
    "Denis Pushilin, the head of the DPR, said the Telegram channel Rybar reported shelling.",
    "AIRSTRIKES HIT THE TOWN. Shelling, bombardment and a pull-out were reported by Reuters.",
    "Три дні тому: the KM marker (\u212a\u006d) lies five KILOMETRES from the city of Lyman.",
    "Troops advanced into the settlement, taking control over it; the AFU lost positions.",
    "",
)


def _sentences(seeds_dir: Path) -> list[str]:
    out = list(TEXTS)
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [s.span.text for s in split_sentences(path.name, text)]
    return out


def _windows(texts: list[str]) -> list[str]:
    """The 60-character windows before each position, as location's classify reads them."""
    return [t[max(0, i - 60):i] for t in texts for i in range(0, len(t), 5)]


def _spans(matches) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("name,rx", [
    ("citing", attribution._CITING.rx), ("according", attribution._ACCORDING.rx),
    ("introduced", attribution._INTRODUCED.rx), ("speech", attribution._SPEECH),
    ("channel", sources._CHANNEL.rx), ("outlet", sources._outlet_rx().rx),
    ("side_ua", lx.SIDE_UA), ("side_ru", lx.SIDE_RU), ("origin", location._ORIGIN.rx),
    ("km", location._KM.rx), ("near", location._NEAR), ("habitual", lx.HABITUAL),
    ("scoped_flags", re.compile(r"\b(?i:sever)sk\b")),
    ("kelvin_ignorecase", re.compile(r"\bkm\b", re.IGNORECASE)),
    ("lookbehind", re.compile(r"(?<![\w.])(?:TASS|Tass)(?!\w)")),
])
def test_prefilter_gated_same_matches(seeds_dir: Path, name: str, rx: re.Pattern[str]) -> None:
    gated = Gated(rx)
    texts = _sentences(seeds_dir)
    for text in texts + _windows(texts):
        assert _spans(gated.finditer(text)) == _spans(rx.finditer(text)), (name, text)
        assert (gated.search(text) is None) == (rx.search(text) is None), (name, text)


def test_prefilter_word_candidates_cover_every_trigger(seeds_dir: Path) -> None:
    compiled = triggers._compiled_lower()
    filt = WordPrefilter.build([rx.pattern for _, rx, _ in compiled])
    seen = 0
    for text in _sentences(seeds_dir):
        low = text.lower()
        matching = {i for i, (_, rx, _) in enumerate(compiled) if rx.search(low)}
        assert matching <= filt.candidates(low), text
        seen += bool(matching)
    assert seen > 20  # the sample does exercise the triggers


@pytest.mark.parametrize("pattern,expected", [
    (r"\b(?:(?:re)?captur(?:e|ed))\b", {"recapture", "recaptured", "capture", "captured"}),
    (r"\b(?:air)?strikes?", {"airstrike", "airstrikes", "strike", "strikes"}),
    (r"\b(?:its|city['’]s)\s+fall", {"its", "city"}),
    (r"\b(?i:tass)", None),  # scoped flags: its literals match other cases
    (r"\b\w+ing", None),
])
def test_prefilter_literal_prefixes(pattern: str, expected: set[str] | None) -> None:
    found = literal_prefixes(pattern)
    assert (None if found is None else set(found)) == expected


@pytest.mark.parametrize("pattern,flags,expected", [
    (r"(?:km|kilomet(?:er|re)s?)\b", 0, {"km", "kilometer", "kilometers", "kilometre", "kilometres"}),
    (r"\d+\s*(?:km|kilometres)", re.IGNORECASE, {"km", "kilometres"}),
    (r"[A-Z][^,]{1,60},\s+citing\s+", 0, {"citing"}),
    (r"\d+\s+\w+", 0, None),
])
def test_prefilter_required_literals(pattern: str, flags: int, expected: set[str] | None) -> None:
    found = required_literals(re.compile(pattern, flags))
    assert (None if found is None else set(found)) == expected
