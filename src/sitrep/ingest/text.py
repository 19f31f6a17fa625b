"""Plain-text reports in the sample layout: first line the title, the rest the body.

The first line may open with `` date YYYY-MM-DD`` (the publication date). That prefix is
not part of the report, so it is cut and everything else is kept character for character:
``Document.text`` is the file's text minus the prefix (and minus a byte-order mark), which
keeps offsets trivially mappable to the file.
"""

from __future__ import annotations

import re
from datetime import date

from sitrep.errors import InputError
from sitrep.ingest.common import make_document, title_from_text, with_charset
from sitrep.ingest.decode import DecodeFailure, decode_bytes
from sitrep.model import Document

# The prefix ends at the whitespace after the date, or with its whole line when the date
# stands alone on the first line (then the next line is the title).
_DATE_PREFIX = re.compile(
    r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*(?:\r\n|\n|\r)|[ \t]+|\Z)")


def split_date_prefix(text: str) -> tuple[date | None, str]:
    """(date, rest of the text) for a leading `` date YYYY-MM-DD``; (None, text) without one."""
    match = _DATE_PREFIX.match(text)
    if match is None:
        return None, text
    return date.fromisoformat(match.group(1)), text[match.end():]


def read_text(input_id: str, data: bytes, published: date | None = None) -> Document:
    """One text report from its raw bytes; InputError with the reason when it is not one."""
    try:
        decoded = decode_bytes(data)
    except DecodeFailure as exc:
        raise InputError(input_id, str(exc)) from exc
    return text_document(input_id, decoded.text, published,
                         with_charset("text/plain", decoded.charset))


def text_document(input_id: str, text: str, published: date | None = None,
                  media_type: str = "text/plain") -> Document:
    try:
        prefixed, text = split_date_prefix(text)
    except ValueError as exc:
        raise InputError(input_id, f"bad date prefix on the first line: {exc}") from exc
    if not text.strip():
        raise InputError(input_id, "empty or whitespace-only text")
    return make_document(input_id, title_from_text(text), text,
                         published=prefixed or published, media_type=media_type)
