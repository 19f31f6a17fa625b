"""HTML reader: main text and metadata by trafilatura, best effort on broken markup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import read_inputs
from sitrep.model import Document
from sitrep.settings import Settings

PARAGRAPHS = [
    "Russian forces advanced toward Siversk from the east, the regional administration said.",
    "Ukrainian units held their positions near Bilohorivka after repeated assaults overnight.",
]

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Advance toward Siversk | Example News</title>
<meta property="og:title" content="Advance toward Siversk">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-02-07T09:30:00+02:00">
<link rel="canonical" href="https://news.example.org/siversk">
</head><body>
<nav><a href="/">Home</a> <a href="/war">War</a></nav>
<article><h1>Advance toward Siversk</h1>
<p>{0}</p>
<p>{1}</p>
</article>
<footer>Copyright Example News. All rights reserved.</footer>
<script>var tracking = "should never appear";</script>
</body></html>
""".format(*PARAGRAPHS)


def read_one(tmp_path: Path, data: bytes, name: str = "page.html") -> Document | InputError:
    path = tmp_path / name
    path.write_bytes(data)
    results = list(read_inputs([str(path)], Settings()))
    assert len(results) == 1, results
    return results[0]


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.xml", "page-without-extension"])
def test_article_page_gives_text_and_metadata(tmp_path: Path, name: str) -> None:
    doc = read_one(tmp_path, PAGE.encode("utf-8"), name)
    assert isinstance(doc, Document), doc
    assert doc.title == "Advance toward Siversk"
    assert doc.text.split("\n")[0] == "Advance toward Siversk"  # headline once, then body
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    assert "tracking" not in doc.text and "Home" not in doc.text
    assert doc.published == date(2023, 2, 7)
    assert doc.source == "Example News"
    assert doc.url == "https://news.example.org/siversk"
    assert doc.media_type == "text/html"


def test_headline_missing_from_the_body_is_put_in_front(tmp_path: Path) -> None:
    doc = read_one(tmp_path, PAGE.replace("<h1>Advance toward Siversk</h1>", "").encode())
    assert isinstance(doc, Document), doc
    assert doc.text == "Advance toward Siversk\n\n" + "\n".join(PARAGRAPHS)


def test_declared_legacy_charset_is_honoured_and_recorded(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1251"').replace(
        PARAGRAPHS[1], "Російські війська просуваються до Сіверська, повідомив голова ОВА.")
    doc = read_one(tmp_path, page.encode("cp1251"))
    assert isinstance(doc, Document), doc
    assert "Російські війська просуваються до Сіверська" in doc.text
    assert doc.media_type == "text/html; charset=windows-1251"


@pytest.mark.parametrize("markup, expected", [
    ("<p>Russian forces advanced toward Seversk on Tuesday.<div>unclosed <b>bold",
     "Russian forces advanced toward Seversk on Tuesday."),
    ("<html><body><div>Shelling hit <i>Kramatorsk</i> overnight.</div></body></html>",
     "Shelling hit Kramatorsk overnight."),
])
def test_broken_or_tiny_html_gives_best_effort_text(tmp_path: Path, markup: str,
                                                    expected: str) -> None:
    doc = read_one(tmp_path, markup.encode())
    assert isinstance(doc, Document), doc
    assert expected in doc.text
    assert "<" not in doc.text


def test_default_date_applies_when_the_page_has_none(tmp_path: Path) -> None:
    path = tmp_path / "undated.html"
    path.write_text("<html><body><p>Fighting continued near Bakhmut.</p></body></html>")
    [doc] = read_inputs([str(path)], Settings(), published=date(2024, 3, 1))
    assert isinstance(doc, Document)
    assert doc.published == date(2024, 3, 1)


@pytest.mark.parametrize("markup, reason", [
    ("<html><head><title>Only a title</title></head><body></body></html>", "no text"),
    ("<html><body><script>var x = 1;</script><style>p {}</style></body></html>", "no text"),
    ("<html><body>\x00\x00\x01binary</body></html>", "binary"),
    ("", "empty"),
])
def test_html_without_text_is_an_input_error(tmp_path: Path, markup: str, reason: str) -> None:
    error = read_one(tmp_path, markup.encode())
    assert isinstance(error, InputError), error
    assert error.input_id == str(tmp_path / "page.html")
    assert reason in error.reason
