"""Plain-text reader: the sample layout, encodings, and every kind of bad text input."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import read_inputs
from sitrep.model import Document
from sitrep.settings import Settings

UK = ("Російські війська просуваються до Сіверська. Про це повідомив голова обласної "
      "військової адміністрації. Їхні позиції під обстрілом.")
RU = ("Российские войска продвигаются к Северску в Донецкой народной республике. Об этом "
      "сообщил Пушилин в комментарии.")


def read_one(tmp_path: Path, data: bytes, name: str = "report.txt") -> Document | InputError:
    path = tmp_path / name
    path.write_bytes(data)
    results = list(read_inputs([str(path)], Settings()))
    assert len(results) == 1, results
    return results[0]


@pytest.mark.parametrize("raw, title, text, published", [
    ("Title\n\nBody one.\n", "Title", "Title\n\nBody one.\n", None),
    ("  Spaced title  \nBody\n", "Spaced title", "  Spaced title  \nBody\n", None),
    (" date 2023-02-07 Headline sentence.\n\nMore.", "Headline sentence.",
     "Headline sentence.\n\nMore.", date(2023, 2, 7)),
    ("date 2022-12-31\nTitle on line two\nBody", "Title on line two",
     "Title on line two\nBody", date(2022, 12, 31)),
    ("Title\r\nBody with CRLF\r\n", "Title", "Title\r\nBody with CRLF\r\n", None),
    ("\n\nLate title\nBody", "Late title", "\n\nLate title\nBody", None),
    ("Mandate 2023-02-07 is not a prefix\nBody", "Mandate 2023-02-07 is not a prefix",
     "Mandate 2023-02-07 is not a prefix\nBody", None),
])
def test_text_layout(tmp_path: Path, raw: str, title: str, text: str,
                     published: date | None) -> None:
    doc = read_one(tmp_path, raw.encode("utf-8"))
    assert isinstance(doc, Document), doc
    assert (doc.title, doc.text, doc.published) == (title, text, published)
    assert doc.media_type == "text/plain"


@pytest.mark.parametrize("encoded, charset", [
    (codecs.BOM_UTF8 + UK.encode("utf-8"), None),
    (UK.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + UK.encode("utf-16-be"), "utf-16"),
    (UK.encode("cp1251"), "windows-1251"),
    (UK.encode("koi8_u"), "KOI8-U"),
    (RU.encode("koi8_r"), "KOI8-R"),
    (RU.encode("cp1251"), "windows-1251"),
])
def test_encodings_decode_to_the_same_text_and_say_so(tmp_path: Path, encoded: bytes,
                                                      charset: str | None) -> None:
    doc = read_one(tmp_path, encoded)
    assert isinstance(doc, Document), doc
    assert doc.text in (UK, RU)
    expected = "text/plain" if charset is None else f"text/plain; charset={charset}"
    assert doc.media_type == expected


def test_legacy_and_utf8_copies_share_a_doc_id(tmp_path: Path) -> None:
    utf8 = read_one(tmp_path, UK.encode("utf-8"), "a.txt")
    legacy = read_one(tmp_path, UK.encode("cp1251"), "b.txt")
    assert isinstance(utf8, Document) and isinstance(legacy, Document)
    assert utf8.doc_id == legacy.doc_id


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\t\n  ", "empty or whitespace-only"),
    (codecs.BOM_UTF8 + b"  \n", "empty or whitespace-only"),
    (b" date 2023-02-07 ", "empty or whitespace-only"),
    (b"Title\x00\x01\x02body", "binary"),
    (bytes(range(0, 32)) * 20, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("Привет".encode("cp1251"), "UTF-8"),  # too short to guess: refused, not mojibake
    ("Seversk était à côté, naïve café".encode("cp1252"), "UTF-8"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "byte-order mark"),
    (b" date 2023-02-30 Title\nBody", "bad date prefix"),
])
def test_bad_text_is_an_input_error_naming_the_file(tmp_path: Path, data: bytes,
                                                    reason: str) -> None:
    error = read_one(tmp_path, data)
    assert isinstance(error, InputError), error
    assert error.input_id == str(tmp_path / "report.txt")
    assert reason in error.reason
    assert "\n" not in str(error)


def test_doc_id_is_a_content_hash_independent_of_path(tmp_path: Path) -> None:
    a = read_one(tmp_path, b"Same title\nSame body", "a.txt")
    b = read_one(tmp_path, b"Same title\nSame body", "b.txt")
    c = read_one(tmp_path, b"Same title\nOther body", "c.txt")
    assert isinstance(a, Document) and isinstance(b, Document) and isinstance(c, Document)
    assert a.doc_id == b.doc_id != c.doc_id
    assert a.input_id != b.input_id


def test_very_long_first_line_gives_a_clipped_title(tmp_path: Path) -> None:
    line = "word " * 400
    doc = read_one(tmp_path, line.encode())
    assert isinstance(doc, Document)
    assert len(doc.title) <= 301 and doc.title.endswith("…")
    assert doc.text == line
