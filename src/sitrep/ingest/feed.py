"""RSS and Atom feeds given as files: one Document per entry, parsed by feedparser from the
bytes (never from a URL, so nothing is fetched).

Entries beyond ``settings.max_feed_entries`` are not read: the first ones become Documents
and a single InputError names the feed, the limit and how many entries were skipped. A feed
that is not well-formed XML yields what feedparser's lenient parser recovers, then an
InputError saying the feed was malformed (or only that error if nothing was recovered).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from sitrep.errors import InputError
from sitrep.ingest.common import clip_title, headed_text, make_document, one_line, \
    title_from_text
from sitrep.ingest.markup import html_to_text
from sitrep.model import Document


def read_feed(input_id: str, data: bytes, max_entries: int,
              published: date | None = None) -> Iterator[Document | InputError]:
    import feedparser  # only feeds need it

    try:
        parsed = feedparser.parse(data)  # bytes: feedparser parses, it does not fetch
    except (UnicodeError, LookupError, ValueError) as exc:
        # feedparser's own encoding handling trips on some malformed bytes (a mangled
        # encoding="..." declaration, a &#xd800; reference): the feed is unreadable.
        raise InputError(input_id, f"malformed feed: {type(exc).__name__}: {one_line(exc)}") \
            from exc
    entries, broken = parsed.entries, _breakage(parsed, feedparser)
    if not entries:
        raise InputError(input_id, f"malformed feed: {broken}" if broken else "feed has no entries")
    source = _plain(parsed.feed.get("title", "")) or None
    media_type = "application/atom+xml" if parsed.get("version", "").startswith("atom") \
        else "application/rss+xml"
    for number, entry in enumerate(entries[:max_entries], start=1):
        try:
            yield _entry(f"{input_id}#{number}", entry, source, media_type, published)
        except InputError as exc:
            yield exc
    if len(entries) > max_entries:
        yield InputError(input_id, f"{len(entries)} entries, over the limit of {max_entries} "
                                   f"(max_feed_entries): entries {max_entries + 1}-"
                                   f"{len(entries)} skipped")
    if broken:  # the entries above came from feedparser's lenient fallback parser
        yield InputError(input_id, f"malformed feed, entries read best-effort: {broken}")


def _breakage(parsed: Any, feedparser: Any) -> str | None:
    """Why the XML was not well-formed; None when it was or the complaint is only about the
    declared encoding or content type (which feedparser resolves itself)."""
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if problem is None or isinstance(problem, benign):
        return None
    return one_line(problem) or type(problem).__name__


def _entry(entry_id: str, entry: Any, source: str | None, media_type: str,
           published: date | None) -> Document:
    title = clip_title(_plain(entry.get("title", "")))
    body = _body(entry)
    if not body and not title:
        raise InputError(entry_id, "feed entry has neither title nor text")
    title = title or title_from_text(body)
    return make_document(entry_id, title, headed_text(title, body),
                         published=_entry_date(entry) or published, source=source,
                         url=entry.get("link") or None, media_type=media_type)


def _body(entry: Any) -> str:
    """The fullest text the entry carries: its content if longer than its summary."""
    texts = [part.get("value", "") for part in entry.get("content", []) or []]
    texts.append(entry.get("summary", "") or "")
    return max((_plain(text) for text in texts), key=len, default="")


def _plain(markup: str) -> str:
    return html_to_text(markup) if isinstance(markup, str) else ""


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = entry.get(key)
        if stamp:
            try:
                return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None
