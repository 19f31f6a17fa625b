"""Which of many word-initial regexes can match a text at all, from one Aho-Corasick pass.

Python's ``re`` tries a ``\\b(?:...)`` alternation at every position of the text (a pattern
that starts with ``\\b`` gets no first-character skip table), so running twenty trigger
patterns over every sentence costs more than the rest of event extraction. Every match of
such a pattern starts with one of a few literal prefixes ("captur", "recaptur", "took"...),
read here from the parsed pattern; a pattern none of whose prefixes starts a word of the
text cannot match and is skipped. The filter only skips: what runs is the same patterns, in
the same order, so the matches are exactly those of running them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence

import ahocorasick

try:  # the parser behind re.compile (private but stable; sre_parse is its deprecated alias)
    import re._constants as _C
    import re._parser as _P
except ImportError:  # pragma: no cover - other Pythons: no prefilter, every pattern runs
    _C = _P = None

_MAX_PREFIXES = 300  # more than this (deeply nested optional groups): not worth it, always run
_WORD = re.compile(r"\w")  # the same word-character test as the patterns' \b


def _sequence(items, cap: int) -> list[tuple[str, bool]] | None:
    """(prefix, complete) pairs: every match of the sequence starts with one of the prefixes;
    ``complete`` says the prefix is the whole match of the sequence so far (can be extended)."""
    cur = [("", True)]
    for op, av in items:
        if op is _C.AT:  # \b, ^, $: zero-width
            continue
        options = _item(op, av, cap)
        cur = [(p, False) for p, c in cur if not c] + [
            (p + q, qc) for p, c in cur if c for q, qc in options]
        if len(cur) > cap:
            return None
        if not any(c for _, c in cur):
            break
    return cur


def _item(op, av, cap: int) -> list[tuple[str, bool]]:
    unknown = [("", False)]  # anything may start here: the prefix ends before this item
    if op is _C.LITERAL:
        return [(chr(av), True)]
    if op is _C.SUBPATTERN:
        if av[1] or av[2]:  # scoped flags such as (?i:...): its literals match otherwise
            return unknown
        return _sequence(av[-1], cap) or unknown
    if op is _C.BRANCH:
        out: list[tuple[str, bool]] = []
        for branch in av[1]:
            found = _sequence(branch, cap)
            if found is None:
                return unknown
            out += found
        return out
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
        lo, hi, item = av
        inner = _sequence(item, cap) or unknown
        if lo == 0:
            return [("", True)] + inner if hi == 1 else unknown
        return inner if hi == 1 else [(p, False) for p, _ in inner]
    return unknown


def literal_prefixes(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which starts every match of ``pattern`` (case-sensitive),
    or None when the pattern may start with anything (or is too complex to tell)."""
    if _P is None:
        return None
    try:
        found = _sequence(_P.parse(pattern), _MAX_PREFIXES)
    except Exception:  # an unexpected parse tree: no filter is always correct
        return None
    if not found or any(p == "" for p, _ in found):
        return None
    return frozenset(p for p, _ in found)


@dataclass(frozen=True)
class WordPrefilter:
    """Patterns that begin with ``\\b`` get a prefix filter; any other pattern always runs."""

    automaton: ahocorasick.Automaton | None
    always: frozenset[int]  # patterns without usable prefixes: they always run

    @classmethod
    def build(cls, patterns: Sequence[str]) -> "WordPrefilter":
        owners: dict[str, set[int]] = {}
        always: set[int] = set()
        for i, pattern in enumerate(patterns):
            prefixes = literal_prefixes(pattern) if pattern.startswith("\\b") else None
            if prefixes is None:
                always.add(i)
            for p in prefixes or ():
                owners.setdefault(p, set()).add(i)
        if not owners:
            return cls(None, frozenset(always))
        automaton = ahocorasick.Automaton()
        for p, idx in owners.items():
            # \b before a word character: the character before the match is not one
            automaton.add_word(p, (len(p), bool(_WORD.match(p)), frozenset(idx)))
        automaton.make_automaton()
        return cls(automaton, frozenset(always))

    def candidates(self, text: str) -> set[int]:
        """Indices of the patterns that may match ``text``."""
        out = set(self.always)
        if self.automaton is None:
            return out
        for end, (n, word_start, idx) in self.automaton.iter(text):
            start = end - n + 1
            if not word_start or start == 0 or not _WORD.match(text, start - 1):
                out |= idx
        return out


def _required(items) -> set[str] | None:
    """Literals one of which every match of the sequence contains (the most selective
    factor found), or None when nothing is known to be required."""
    options: list[set[str]] = []
    for i, (op, av) in enumerate(items):
        # whatever matches items[i:] starts with one of these prefixes, and every match of the
        # sequence contains a match of items[i:]
        starts = _sequence(items[i:], _MAX_PREFIXES)
        if starts and all(p for p, _ in starts):
            options.append({p for p, _ in starts})
        found: set[str] | None = None
        if op is _C.SUBPATTERN and not av[1] and not av[2]:  # no scoped flags such as (?i:...)
            found = _required(av[-1])
        elif op is _C.BRANCH:
            branches = [_required(b) for b in av[1]]
            found = None if any(b is None for b in branches) else set().union(*branches)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] >= 1:
            found = _required(av[2])
        if found:
            options.append(found)
    # the factor whose shortest literal is longest: the most selective test
    return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)


def required_literals(rx: re.Pattern[str]) -> frozenset[str] | None:
    """Literal strings one of which every match of ``rx`` contains (matched with the
    pattern's own case rules), or None when the pattern requires no literal (or is too
    complex to tell)."""
    if _P is None or not isinstance(rx.pattern, str):
        return None
    try:
        found = _required(_P.parse(rx.pattern, rx.flags))
    except Exception:  # an unexpected parse tree: no gate is always correct
        return None
    return frozenset(found) if found and all(found) else None


_LITERAL_FLAGS = re.IGNORECASE | re.ASCII | re.UNICODE  # what changes how a literal matches


class Gated:
    """A compiled pattern behind a cheap test for one of its required literals.

    The test is itself a regex of those literals with the pattern's own case flags, so it
    finds a literal wherever the pattern could match one: a text it rejects cannot match,
    and anything else runs the pattern as before. Worth it for patterns that ``re`` tries at
    every position (a leading \\b or alternation) and that rarely match.
    """

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.pattern, self.flags = rx.pattern, rx.flags
        self._hint: re.Pattern[str] | None | bool = False  # False: not built yet (on first use)

    def _build(self) -> re.Pattern[str] | None:
        lits = required_literals(self.rx)
        return None if lits is None else re.compile(
            "|".join(re.escape(x) for x in sorted(lits, key=lambda x: (-len(x), x))),
            self.rx.flags & _LITERAL_FLAGS)

    def possible(self, text: str) -> bool:
        """False only when ``rx`` cannot match anywhere in ``text``."""
        if self._hint is False:
            self._hint = self._build()
        return self._hint is None or self._hint.search(text) is not None  # type: ignore[union-attr]

    def search(self, text: str, *span: int) -> re.Match[str] | None:
        return self.rx.search(text, *span) if self.possible(text) else None

    def match(self, text: str, *span: int) -> re.Match[str] | None:
        return self.rx.match(text, *span) if self.possible(text) else None

    def finditer(self, text: str, *span: int) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text, *span) if self.possible(text) else iter(())
