"""What every reader shares: building a Document, deriving a title, one-line reasons."""

from __future__ import annotations

import re
from datetime import date, datetime

from sitrep.ids import doc_id_for
from sitrep.model import Document

# A title derived from the text is a label, not content: a 5 MB one-line report must not
# become a 5 MB title. Real headlines (and the seeds' first lines) are far shorter.
MAX_TITLE_CHARS = 300

_WS = re.compile(r"\s+")


def one_line(message: object, limit: int = 200) -> str:
    """Exception texts from parsers can span lines; an InputError reason must not."""
    text = _WS.sub(" ", str(message)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def title_from_text(text: str) -> str:
    """The first non-blank line, stripped, cut at a word boundary if very long."""
    for line in text.splitlines():
        if line.strip():
            return clip_title(line.strip())
    return ""


def clip_title(title: str) -> str:
    title = _WS.sub(" ", title).strip()
    if len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title.rfind(" ", 0, MAX_TITLE_CHARS)
    return title[: cut if cut > MAX_TITLE_CHARS // 2 else MAX_TITLE_CHARS].rstrip() + "…"


def headed_text(title: str, body: str) -> str:
    """Title line, blank line, body (the seed layout) unless the body already opens with it."""
    title, body = title.strip(), body.strip()
    if not title or body.startswith(title):
        return body
    return f"{title}\n\n{body}" if body else title


def parse_iso_date(value: str) -> date:
    """``YYYY-MM-DD`` or a full ISO timestamp (its calendar date); ValueError otherwise."""
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()


def with_charset(media_type: str, charset: str) -> str:
    """Non-UTF-8 input stays visible on the Document: ``text/plain; charset=windows-1251``."""
    return media_type if charset == "utf-8" else f"{media_type}; charset={charset}"


def make_document(input_id: str, title: str, text: str, *, published: date | None = None,
                  source: str | None = None, url: str | None = None,
                  media_type: str = "text/plain") -> Document:
    return Document(doc_id=doc_id_for(title, text), input_id=input_id, title=title, text=text,
                    published=published, source=source or None, url=url or None,
                    media_type=media_type)
