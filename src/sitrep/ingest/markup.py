"""Markup to plain text for feed summaries and as the fallback for pages trafilatura gives
up on: block elements become paragraph breaks, scripts and styles are dropped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr ul".split())
_SKIP = frozenset(("script", "style", "noscript", "template", "head", "svg"))
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BREAKS = re.compile(r"\n\s*\n\s*(?:\n\s*)*")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK or tag in ("td", "th"):
            self.parts.append("\n\n" if tag in _BLOCK else " ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Readable text of an HTML fragment or page; tolerant of broken markup."""
    try:
        parts = _collect(markup)
    except AssertionError:
        # Python 3.11's parser asserts on a marked section with an unknown keyword
        # ("<![CDOTA["): read such openings as text instead.
        parts = _collect(markup.replace("<![", "&lt;!["))
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return _BREAKS.sub("\n\n", "\n".join(lines)).strip()


def _collect(markup: str) -> list[str]:
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return collector.parts
