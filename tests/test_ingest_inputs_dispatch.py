"""read_inputs: directories, stdin, limits and file-system errors; the batch always goes on."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import read_inputs
from sitrep.model import Document
from sitrep.settings import Settings

REPORT = "Headline\n\nForces advanced toward Siversk."


def ids(results: list) -> list[str]:
    return [r.input_id for r in results]


def make_tree(root: Path) -> None:
    files = {
        "b.txt": REPORT, "a.txt": REPORT + " A", "c/z.txt": REPORT + " Z",
        "c/a.html": f"<html><body><p>{REPORT} page</p></body></html>",
        "ba/x.jsonl": json.dumps({"id": "rec-1", "text": REPORT + " rec"}),
        "notes": REPORT + " no extension", "c/brief.md": REPORT + " markdown",
        ".hidden.txt": REPORT, ".git/objects.txt": REPORT, "README.md": "# readme",
        "README.txt": "readme", "LICENSE": "MIT", "photo.png": "\x89PNG", "data.json": "{}",
        "script.py": "print(1)",
    }
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content)


def test_directory_is_walked_recursively_in_sorted_order_skipping_non_reports(
        tmp_path: Path) -> None:
    make_tree(tmp_path)
    given = str(tmp_path) + os.sep
    results = list(read_inputs([given], Settings()))
    assert all(isinstance(r, Document) for r in results), results
    assert ids(results) == [given + "a.txt", given + "b.txt", "rec-1", given + "c/a.html",
                            given + "c/brief.md", given + "c/z.txt", given + "notes"]
    assert ids(list(read_inputs([given], Settings()))) == ids(results)


def test_directory_without_reports_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# nothing here")
    (tmp_path / "empty").mkdir()
    results = list(read_inputs([str(tmp_path / "empty"), str(tmp_path)], Settings()))
    assert ids(results) == [str(tmp_path / "empty"), str(tmp_path)]
    assert all(isinstance(r, InputError) and "no report files" in r.reason for r in results)


def test_symlinked_folders_are_not_followed_but_file_links_are(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "r.txt").write_text(REPORT)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "link.txt").symlink_to(tmp_path / "real" / "r.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    results = list(read_inputs([str(tmp_path)], Settings()))
    assert ids(results) == [str(tmp_path / n) for n in ("dangling.txt", "link.txt", "real/r.txt")]
    assert isinstance(results[0], InputError) and "no such file" in results[0].reason


@pytest.mark.parametrize("stream", [
    io.StringIO(REPORT),
    io.BytesIO(REPORT.encode()),
    io.TextIOWrapper(io.BytesIO(REPORT.encode("utf-16")), encoding="utf-8"),
])
def test_stdin_text_is_one_document(stream: io.IOBase) -> None:
    [doc] = read_inputs(["-"], Settings(), stdin=stream, published=date(2023, 1, 2))
    assert isinstance(doc, Document), doc
    assert (doc.input_id, doc.title, doc.text, doc.published) == (
        "-", "Headline", REPORT, date(2023, 1, 2))


@pytest.mark.parametrize("binary", [True, False])
def test_stdin_starting_with_a_brace_is_jsonl(binary: bool) -> None:
    lines = "\n\n" + json.dumps({"id": "s1", "text": "One"}) + "\nnot json\n" + json.dumps(
        {"id": "s2", "text": "Two"}) + "\n"
    stream = io.BytesIO(lines.encode()) if binary else io.StringIO(lines)
    results = list(read_inputs(["-"], Settings(), stdin=stream))
    assert ids(results) == ["s1", "-:4", "s2"]
    assert isinstance(results[1], InputError)


@pytest.mark.parametrize("data, media_type, count", [
    (b"<html><body><p>Forces advanced toward Siversk.</p></body></html>", "text/html", 1),
    (b"<rss version='2.0'><channel><item><title>A</title></item><item><title>B</title></item>"
     b"</channel></rss>", "application/rss+xml", 2),
    (b"<not really markup> Forces advanced.", "text/plain", 1),
])
def test_stdin_markup_is_sniffed(data: bytes, media_type: str, count: int) -> None:
    results = list(read_inputs(["-"], Settings(), stdin=io.BytesIO(data)))
    assert len(results) == count
    assert all(isinstance(r, Document) and r.media_type == media_type for r in results), results


@pytest.mark.parametrize("data, reason", [
    (b"", "empty input"),
    (b"\x00\x01\x02\x03binary", "binary"),
    (b"x" * 101, "limit of 100"),
])
def test_bad_stdin_is_an_input_error(data: bytes, reason: str) -> None:
    [error] = read_inputs(["-"], Settings(max_doc_bytes=100), stdin=io.BytesIO(data))
    assert isinstance(error, InputError) and error.input_id == "-"
    assert reason in error.reason


def test_closed_stdin_is_an_input_error() -> None:
    stream = io.BytesIO(b"text")
    stream.close()
    [error] = read_inputs(["-"], Settings(), stdin=stream)
    assert isinstance(error, InputError) and error.reason == "no standard input to read"


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 3 GB on paper, nothing on disk
        fh.truncate(3_000_000_000)
    exact = tmp_path / "exact.txt"
    exact.write_bytes(b"T\n" + b"x" * 98)
    results = list(read_inputs([str(huge), str(exact)], Settings(max_doc_bytes=100)))
    assert isinstance(results[0], InputError)
    assert results[0].reason == "3000000000 bytes, over the limit of 100 (max_doc_bytes)"
    assert isinstance(results[1], Document)


def test_file_system_errors_name_the_input_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    given = [str(tmp_path / "missing.txt"), str(fifo), "bad\x00path", str(good)]
    results = list(read_inputs(given, Settings()))
    assert ids(results) == given
    reasons = [r.reason for r in results[:3]]
    assert reasons[0] == "no such file" and reasons[1] == "not a regular file"
    assert "cannot open" in reasons[2]
    assert isinstance(results[3], Document)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_a_permission_error(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(REPORT)
    path.chmod(0)
    [error] = read_inputs([str(path)], Settings())
    assert isinstance(error, InputError) and error.reason == "permission denied"


def test_a_single_path_string_is_one_input(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(REPORT)
    assert ids(list(read_inputs(str(path), Settings()))) == [str(path)]  # type: ignore[arg-type]


def test_results_are_lazy(tmp_path: Path) -> None:
    paths = []
    for n in range(3):
        paths.append(tmp_path / f"{n}.txt")
        paths[-1].write_text(f"{REPORT} {n}")
    results = read_inputs([str(p) for p in paths], Settings())
    first = next(results)
    paths[2].unlink()  # read after the first was yielded: now missing
    rest = list(results)
    assert isinstance(first, Document) and isinstance(rest[0], Document)
    assert isinstance(rest[1], InputError) and rest[1].reason == "no such file"
