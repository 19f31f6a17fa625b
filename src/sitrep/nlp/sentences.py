"""Sentence splitting: fast rules for news prose, offsets exact.

spaCy's parser-based splitter costs more than the rest of the pipeline together;
news sentences end in ``.!?`` (optionally followed by a closing quote) before a
capital, a quote or a digit, or at a paragraph break. Known abbreviations
(``Lt.``, ``Gen.``, ``U.S.``) do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.model import Analysis, Sentence, Span

_ABBREV = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt st mt ft no vol jan feb mar apr jun jul aug "
    "sep sept oct nov dec u.s u.k e.g i.e etc vs approx km sq rep sen gov adm cmdr".split()
)
_BOUNDARY = re.compile(r"""([.!?…]+)(["'”’»)]*)(\s+)(?=["'“‘«(]?[A-ZА-ЯІЇЄҐ0-9])""")
_PARA = re.compile(r"\n\s*\n|\n(?=\S)")


def _ends_with_abbrev(text: str, dot_pos: int) -> bool:
    m = re.search(r"([\w.]+)$", text[max(0, dot_pos - 12):dot_pos])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    # a single capital letter before a dot is an initial ("A. Marochko")
    return word in _ABBREV or (len(word) == 1 and text[dot_pos - 1].isupper())


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group(1) == "." and _ends_with_abbrev(text, m.start(1)):
            continue
        out.append((cur, m.end(2)))
        cur = m.end(3)
    out.append((cur, end))
    return out


def split_sentences(doc_id: str, text: str) -> list[Sentence]:
    blocks: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    sentences: list[Sentence] = []
    for b_start, b_end in blocks:
        for s, e in _split_block(text, b_start, b_end):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                sentences.append(Sentence(Span(doc_id, s, e, text[s:e]), len(sentences)))
    return sentences


@dataclass(frozen=True)
class SentenceSplitter:
    """Pipeline stage: adds ``sentences``."""

    name: str = "sentences"
    requires: tuple[str, ...] = ("document",)
    provides: tuple[str, ...] = ("sentences",)

    def __call__(self, analysis: Analysis) -> Analysis:
        doc = analysis.document
        from dataclasses import replace

        return replace(analysis, sentences=tuple(split_sentences(doc.doc_id, doc.text)))
