"""HTML pages: main text and metadata by trafilatura (extraction only: it is never given a
URL to fetch). ``Document.text`` is the headline, a blank line, then the extracted text."""

from __future__ import annotations

import logging
import re
from datetime import date

from sitrep.errors import InputError
from sitrep.ingest.common import clip_title, headed_text, make_document, parse_iso_date, \
    title_from_text, with_charset
from sitrep.ingest.decode import DecodeFailure, decode_bytes
from sitrep.ingest.markup import html_to_text
from sitrep.model import Document

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Dates from page metadata only: the extensive search reads dates out of the body text,
# which for war reporting are the dates of events, not of publication.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def read_html(input_id: str, data: bytes, published: date | None = None) -> Document:
    try:
        decoded = decode_bytes(data, declared_charset(data))
    except DecodeFailure as exc:
        raise InputError(input_id, str(exc)) from exc
    meta, body = _extract(decoded.text)
    if not body:
        body = html_to_text(decoded.text)  # best effort for fragments and broken pages
    if not body.strip():
        raise InputError(input_id, "no text could be extracted from the HTML")
    # clipped like every other title: a page's <title> can be a whole article
    title = clip_title(meta.get("title") or "") or title_from_text(body)
    return make_document(
        input_id, title, headed_text(title, body), published=_date(meta.get("date")) or published,
        source=meta.get("sitename") or meta.get("hostname"), url=meta.get("url"),
        media_type=with_charset("text/html", decoded.charset))


def _extract(markup: str) -> tuple[dict, str]:
    """(metadata, main text) from trafilatura; empty when it finds no main text."""
    from trafilatura import bare_extraction  # heavy import, only when HTML is read

    quiet = logging.getLogger("trafilatura")
    if quiet.level == logging.NOTSET:  # its "empty tree" notes duplicate our InputError
        quiet.setLevel(logging.CRITICAL)
    result = bare_extraction(markup, with_metadata=True, include_comments=False,
                             date_extraction_params=_DATE_PARAMS)
    if result is None:
        return {}, ""
    meta = result if isinstance(result, dict) else result.as_dict()
    return meta, (meta.get("text") or "").strip()


def _date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return parse_iso_date(value)
    except ValueError:
        return None
