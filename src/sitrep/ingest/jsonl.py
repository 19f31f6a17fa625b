"""JSON Lines: one report per line, ``{"id", "text", "title"?, "published"?, "source"?, "url"?}``.

``Document.text`` is the record's ``text`` exactly (the producer's offsets stay valid), the
title is ``title`` or the text's first line, ``input_id`` is ``id``. A bad line yields an
InputError naming ``file:line`` and the file goes on. Unknown keys are ignored.
"""

from __future__ import annotations

import codecs
import json
from datetime import date
from typing import Any, Iterable, Iterator

from sitrep.errors import InputError
from sitrep.ingest.common import clip_title, make_document, one_line, parse_iso_date, \
    title_from_text
from sitrep.ingest.decode import DecodeFailure, check_text
from sitrep.model import Document

_OPTIONAL_STRINGS = ("title", "source", "url", "published")


def read_jsonl(input_id: str, lines: Iterable[bytes | None], max_line_bytes: int,
               published: date | None = None) -> Iterator[Document | InputError]:
    """``lines``: raw lines in order, None for one that was longer than ``max_line_bytes``."""
    records = 0
    for number, raw in enumerate(lines, start=1):
        where = f"{input_id}:{number}"
        if raw is None:
            yield InputError(where, f"line over the limit of {max_line_bytes} bytes "
                                    "(max_doc_bytes)")
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw.strip():
            continue
        records += 1
        try:
            yield _record(where, _parse(where, raw), published)
        except InputError as exc:
            yield exc
    if records == 0:
        yield InputError(input_id, "no JSON records (empty or blank lines only)")


def _parse(where: str, raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(where, "not valid UTF-8 (JSON Lines must be UTF-8)") from exc
    except RecursionError as exc:
        raise InputError(where, "malformed JSON (nested too deeply)") from exc
    except json.JSONDecodeError as exc:
        raise InputError(where, f"malformed JSON ({one_line(exc.msg)} at column {exc.colno}); "
                                "JSON Lines needs one object per line") from exc
    if not isinstance(value, dict):
        raise InputError(where, f"expected a JSON object, got {type(value).__name__}")
    return value


def _record(where: str, obj: dict[str, Any], published: date | None) -> Document:
    _check_fields(where, obj)
    text = obj["text"]
    try:
        check_text(text)
        when = parse_iso_date(obj["published"]) if obj.get("published") else None
    except DecodeFailure as exc:
        raise InputError(where, f'"text": {exc}') from exc
    except ValueError as exc:
        raise InputError(where, f'bad "published" date {obj["published"]!r}: '
                                "expected YYYY-MM-DD or an ISO timestamp") from exc
    title = clip_title(obj.get("title") or "") or title_from_text(text)
    return make_document(str(obj["id"]), title, text, published=when or published,
                         source=obj.get("source"), url=obj.get("url"))


def _check_fields(where: str, obj: dict[str, Any]) -> None:
    """Presence and types; the record's values are the producer's, so never coerced."""
    record_id = obj.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int)) \
            or not str(record_id).strip():
        raise InputError(where, '"id" must be a non-empty string (or an integer)')
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, '"text" must be a non-empty string')
    for key in _OPTIONAL_STRINGS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise InputError(where, f'"{key}" must be a string or null, '
                                    f"got {type(obj[key]).__name__}")
    for key in ("id", "text", *_OPTIONAL_STRINGS):
        if isinstance(obj.get(key), str) and not _encodable(obj[key]):
            raise InputError(where, f'"{key}" holds an unpaired surrogate (\\ud800-\\udfff)')


def _encodable(value: str) -> bool:
    """JSON may escape lone surrogates, which no later stage can encode or hash."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
