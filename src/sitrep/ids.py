"""Deterministic ids: hashes of normalised content, so re-ingesting is a no-op."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC, unified whitespace: two copies of a report differing only in layout hash alike."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(*parts: str, length: int = 16) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(normalise_text(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def doc_id_for(title: str, text: str) -> str:
    return "d" + content_hash(title, text)


def event_id_for(doc_id: str, event_type: str, start: int, end: int, place_id: str | None) -> str:
    return "e" + content_hash(doc_id, event_type, str(start), str(end), place_id or "-")
