"""Which reader an input goes to: its extension when that is telling, else its first bytes."""

from __future__ import annotations

import codecs
import os
import re
from typing import Literal

Format = Literal["text", "html", "feed", "jsonl"]

EXTENSIONS: dict[str, Format | None] = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": None,  # a feed or an XHTML page: decided by content
}
HEAD_BYTES = 4096

_FEED = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.I)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|main|div|p|h[1-6]|title)[\s>/]",
                   re.I)


def format_for(path: str | None, head: bytes) -> Format:
    """The reader for ``path`` (None for stdin) whose content starts with ``head``."""
    if path is not None:
        known = EXTENSIONS.get(os.path.splitext(path)[1].lower())
        if known is not None:
            return known
    return sniff(head)


def sniff(head: bytes) -> Format:
    """JSONL if the first non-blank character is ``{``; markup by its first tags; else text."""
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    start = head.lstrip()[:1]
    if start == b"{":
        return "jsonl"
    if start == b"<":
        if _FEED.search(head):
            return "feed"
        if _HTML.search(head):
            return "html"
    return "text"
