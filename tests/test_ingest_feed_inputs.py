"""RSS/Atom reader: one Document per entry, markup stripped, the entry limit enforced."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import read_inputs
from sitrep.model import Document
from sitrep.settings import Settings


def rss(items: list[str], title: str = "Front News") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://front.example.org</link>"
            + "".join(items) + "</channel></rss>").encode("utf-8")


def item(n: int, body: str = "", date_: str = "Tue, 07 Feb 2023 10:00:00 GMT") -> str:
    body = body or f"&lt;p&gt;Report {n}: shelling near &lt;b&gt;Siversk&lt;/b&gt;.&lt;/p&gt;"
    return (f"<item><title>Item {n}</title><link>https://front.example.org/{n}</link>"
            f"<description>{body}</description><pubDate>{date_}</pubDate></item>")


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Front</title>
<entry><title>Kupiansk update</title><link href="https://atom.example.org/k"/>
<updated>2024-05-02T08:00:00Z</updated><id>urn:k</id>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;Full text: assaults near Kupiansk.&lt;/p&gt;
&lt;p&gt;Second paragraph.&lt;/p&gt;</content>
</entry></feed>"""


def read_all(tmp_path: Path, data: bytes, name: str = "news.rss", **settings: int
             ) -> list[Document | InputError]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_inputs([str(path)], Settings().with_(**settings)))


@pytest.mark.parametrize("name", ["news.rss", "news.xml", "news-feed"])
def test_rss_entries_become_documents(tmp_path: Path, name: str) -> None:
    docs = read_all(tmp_path, rss([item(1), item(2)]), name)
    assert [type(d) for d in docs] == [Document, Document], docs
    first = docs[0]
    assert isinstance(first, Document)
    assert first.input_id == f"{tmp_path / name}#1"
    assert first.title == "Item 1"
    assert first.text == "Item 1\n\nReport 1: shelling near Siversk."
    assert (first.published, first.url, first.source) == (
        date(2023, 2, 7), "https://front.example.org/1", "Front News")
    assert first.media_type == "application/rss+xml"


def test_atom_entry_prefers_full_content_and_strips_markup(tmp_path: Path) -> None:
    [doc] = read_all(tmp_path, ATOM, "news.atom")
    assert isinstance(doc, Document), doc
    assert doc.text == "Kupiansk update\n\nFull text: assaults near Kupiansk.\n\nSecond paragraph."
    assert (doc.published, doc.url, doc.source, doc.media_type) == (
        date(2024, 5, 2), "https://atom.example.org/k", "Atom Front", "application/atom+xml")


def test_entries_over_the_limit_are_skipped_with_one_error(tmp_path: Path) -> None:
    results = read_all(tmp_path, rss([item(n) for n in range(1, 6)]), max_feed_entries=3)
    assert [type(r) for r in results] == [Document] * 3 + [InputError]
    error = results[-1]
    assert isinstance(error, InputError)
    assert error.input_id == str(tmp_path / "news.rss")
    assert "5 entries" in error.reason and "limit of 3" in error.reason
    assert "4-5 skipped" in error.reason


def test_entry_without_date_takes_the_default_and_empty_entry_is_an_error(tmp_path: Path
                                                                         ) -> None:
    undated = "<item><title>No date</title><description>Text here.</description></item>"
    empty = "<item><link>https://front.example.org/empty</link></item>"
    path = tmp_path / "news.rss"
    path.write_bytes(rss([undated, empty]))
    first, second = read_inputs([str(path)], Settings(), published=date(2022, 9, 1))
    assert isinstance(first, Document) and first.published == date(2022, 9, 1)
    assert isinstance(second, InputError) and second.input_id == f"{path}#2"
    assert "neither title nor text" in second.reason


def test_malformed_feed_yields_recovered_entries_then_an_error(tmp_path: Path) -> None:
    data = rss([item(1)])[:-len("</channel></rss>")] + b"<item><title>cut off</ti"
    results = read_all(tmp_path, data)
    assert isinstance(results[0], Document) and results[0].title == "Item 1"
    last = results[-1]
    assert isinstance(last, InputError) and last.input_id == str(tmp_path / "news.rss")
    assert "malformed feed" in last.reason


@pytest.mark.parametrize("data, reason", [
    (b"<rss><channel><title>x</title></channel></rss>", "no entries"),
    (b"<?xml version='1.0'?><note>not a feed</note>", "no entries"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</ti", "malformed feed"),
])
def test_bad_feed_is_one_input_error(tmp_path: Path, data: bytes, reason: str) -> None:
    results = read_all(tmp_path, data)
    assert len(results) == 1, results
    assert isinstance(results[0], InputError)
    assert results[0].input_id == str(tmp_path / "news.rss")
    assert reason in results[0].reason
