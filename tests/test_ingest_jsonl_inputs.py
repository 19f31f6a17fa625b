"""JSONL reader: one Document per good line, an InputError naming file:line per bad one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import read_inputs
from sitrep.model import Document
from sitrep.settings import Settings

GOOD = {"id": "r1", "text": "Shelling near Kupiansk.\nSecond line.", "title": "Kupiansk",
        "published": "2023-02-07", "source": "Example", "url": "https://ex.org/1"}


def write_lines(tmp_path: Path, lines: list[str], name: str = "batch.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_full_record_maps_every_field(tmp_path: Path) -> None:
    path = write_lines(tmp_path, [json.dumps(GOOD)])
    [doc] = read_inputs([str(path)], Settings())
    assert doc == Document(doc_id=doc.doc_id, input_id="r1", title="Kupiansk", text=GOOD["text"],
                           published=date(2023, 2, 7), source="Example", url="https://ex.org/1")


@pytest.mark.parametrize("record, title, published", [
    ({"id": "a", "text": "First line\nrest"}, "First line", date(2020, 1, 1)),
    ({"id": 7, "text": "Numeric id"}, "Numeric id", date(2020, 1, 1)),
    ({"id": "b", "text": "x", "published": "2023-02-07T23:30:00Z"}, "x", date(2023, 2, 7)),
    ({"id": "c", "text": "x", "title": None, "extra": [1, 2]}, "x", date(2020, 1, 1)),
])
def test_optional_fields_default_sensibly(tmp_path: Path, record: dict, title: str,
                                          published: date) -> None:
    path = write_lines(tmp_path, [json.dumps(record)])
    [doc] = read_inputs([str(path)], Settings(), published=date(2020, 1, 1))
    assert isinstance(doc, Document), doc
    assert (doc.input_id, doc.title, doc.text, doc.published) == (
        str(record["id"]), title, record["text"], published)


@pytest.mark.parametrize("line, reason", [
    ('{"id": "x", "text": "unterminated', "malformed JSON"),
    ('["id", "text"]', "expected a JSON object"),
    ('{"id": "x"}', '"text" must be a non-empty string'),
    ('{"id": "x", "text": "   "}', '"text" must be a non-empty string'),
    ('{"id": "x", "text": 42}', '"text" must be a non-empty string'),
    ('{"text": "no id"}', '"id" must be'),
    ('{"id": true, "text": "bool id"}', '"id" must be'),
    ('{"id": "x", "text": "t", "title": 5}', '"title" must be a string or null'),
    ('{"id": "x", "text": "t", "published": "07/02/2023"}', 'bad "published" date'),
    ('{"id": "x", "text": "t", "published": "2023-02-30"}', 'bad "published" date'),
    ('{"id": "x", "text": "t\\u0000\\u0001\\u0002"}', "binary"),
    ('{"id": "x", "text": "lone \\ud800 surrogate"}', "surrogate"),
    ("[" * 100_000, "malformed JSON"),
])
def test_bad_line_is_an_error_naming_file_and_line_and_the_rest_goes_on(
        tmp_path: Path, line: str, reason: str) -> None:
    path = write_lines(tmp_path, [json.dumps(GOOD), "", line, json.dumps({**GOOD, "id": "r2"})])
    results = list(read_inputs([str(path)], Settings()))
    assert [type(r) for r in results] == [Document, InputError, Document], results
    error = results[1]
    assert isinstance(error, InputError)
    assert error.input_id == f"{path}:3"
    assert reason in error.reason
    assert [r.input_id for r in results if isinstance(r, Document)] == ["r1", "r2"]


def test_undecodable_line_and_over_long_line_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    long_line = json.dumps({"id": "big", "text": "x" * 500}).encode()
    path.write_bytes(b'{"id": "a", "text": "\xff\xfe bad"}\n' + long_line + b"\n"
                     + json.dumps(GOOD).encode() + b"\n")
    results = list(read_inputs([str(path)], Settings(max_doc_bytes=200)))
    assert [type(r) for r in results] == [InputError, InputError, Document], results
    assert results[0].input_id == f"{path}:1" and "UTF-8" in results[0].reason
    assert results[1].input_id == f"{path}:2" and "limit of 200" in results[1].reason


@pytest.mark.parametrize("content, reason", [
    ("\n\n  \n", "no JSON records"),
    ("", "empty"),
])
def test_file_without_records_is_one_error(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(content)
    [error] = read_inputs([str(path)], Settings())
    assert isinstance(error, InputError) and error.input_id == str(path)
    assert reason in error.reason


def test_jsonl_is_sniffed_without_extension_and_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "records"
    path.write_bytes(b"\xef\xbb\xbf  " + json.dumps(GOOD).encode() + b"\n")
    [doc] = read_inputs([str(path)], Settings())
    assert isinstance(doc, Document) and doc.input_id == "r1"


def test_same_record_gets_the_same_doc_id_as_the_same_text_file(tmp_path: Path) -> None:
    text = "Headline\n\nBody of the report."
    jsonl = write_lines(tmp_path, [json.dumps({"id": "j", "text": text})])
    plain = tmp_path / "report.txt"
    plain.write_text(text)
    [a] = read_inputs([str(jsonl)], Settings())
    [b] = read_inputs([str(plain)], Settings())
    assert isinstance(a, Document) and isinstance(b, Document)
    assert a.doc_id == b.doc_id
