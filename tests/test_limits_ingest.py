"""Input limits (max_doc_bytes, max_feed_entries): sensible defaults, set by SITREP_* variables,
and over a limit a clear InputError for that input only, the rest of the batch read as usual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.errors import ConfigError, InputError
from sitrep.ingest import read_inputs
from sitrep.model import Document
from sitrep.settings import Settings

REPORT = "Shelling near Bakhmut\n\nRussian forces shelled the outskirts of Bakhmut on Monday.\n"


def _rss(n: int) -> str:
    items = "".join(f"<item><title>Report {i}</title><description>Shelling near Bakhmut, "
                    f"report number {i}.</description></item>" for i in range(n))
    return f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"


def _page(words: int) -> str:
    return f"<html><head><title>Page</title></head><body><p>{'shelling ' * words}</p></body></html>"


def _read(paths: list[Path], **limits: int) -> list[Document | InputError]:
    return list(read_inputs([str(p) for p in paths], Settings(**limits)))


def test_limits_defaults_are_sensible() -> None:
    s = Settings()
    assert 1_000_000 <= s.max_doc_bytes <= 50_000_000  # a long report fits, a dump does not
    assert 1_000 <= s.max_feed_entries <= 100_000
    assert 100_000 <= s.max_request_bytes <= 50_000_000


@pytest.mark.parametrize("name,env,value", [("max_doc_bytes", "SITREP_MAX_DOC_BYTES", 1234),
                                            ("max_feed_entries", "SITREP_MAX_FEED_ENTRIES", 7)])
def test_limits_set_by_environment(name: str, env: str, value: int) -> None:
    assert getattr(Settings.from_env({env: str(value)}), name) == value
    with pytest.raises(ConfigError, match=env.removeprefix("SITREP_").lower()):
        Settings.from_env({env: "lots"})


@pytest.mark.parametrize("name,content", [("big.txt", REPORT + "x" * 2000),
                                          ("big.html", _page(400)),
                                          ("big.rss", _rss(40))])
def test_limits_oversized_document_fails_alone(tmp_path: Path, name: str, content: str) -> None:
    big, small = tmp_path / name, tmp_path / "small.txt"
    big.write_text(content)
    small.write_text(REPORT)
    results = _read([big, small], max_doc_bytes=1000)
    assert len(results) == 2
    error, doc = results
    assert isinstance(error, InputError) and error.input_id == str(big)
    assert "over the limit of 1000" in error.reason and "max_doc_bytes" in error.reason
    assert isinstance(doc, Document) and doc.text == REPORT


def test_limits_oversized_stdin_fails_clearly() -> None:
    import io

    results = list(read_inputs(["-"], Settings(max_doc_bytes=100),
                               stdin=io.BytesIO(REPORT.encode() * 10)))
    assert len(results) == 1 and isinstance(results[0], InputError)
    assert "over the limit of 100 bytes (max_doc_bytes)" in results[0].reason


def test_limits_oversized_jsonl_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    lines = [{"id": "a", "text": REPORT}, {"id": "b", "text": REPORT + "x" * 3000},
             {"id": "c", "text": REPORT.upper()}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    results = _read([path], max_doc_bytes=1000)
    assert [type(r).__name__ for r in results] == ["Document", "InputError", "Document"]
    assert results[1].input_id == f"{path}:2" and "max_doc_bytes" in results[1].reason
    assert [r.input_id for r in results if isinstance(r, Document)] == ["a", "c"]


@pytest.mark.parametrize("entries,limit", [(5, 5), (6, 5), (50, 3), (3, 10_000)])
def test_limits_feed_entries_over_the_limit_are_skipped_and_said(tmp_path: Path, entries: int,
                                                                 limit: int) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(_rss(entries))
    results = _read([path], max_feed_entries=limit)
    docs = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert [d.title for d in docs] == [f"Report {i}" for i in range(min(entries, limit))]
    if entries <= limit:
        assert errors == []
    else:
        assert len(errors) == 1 and errors[0].input_id == str(path)
        assert f"{entries} entries, over the limit of {limit} (max_feed_entries)" \
            in errors[0].reason


def test_limits_cli_ingest_reports_the_oversized_input_and_stores_the_rest(tmp_path: Path
                                                                          ) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_text(REPORT + "x" * 5000)
    (tmp_path / "in" / "small.txt").write_text(REPORT)
    env = dict(os.environ, SITREP_MAX_DOC_BYTES="1000")
    done = subprocess.run([sys.executable, "-m", "sitrep", "ingest", str(tmp_path / "in"),
                           "--store", str(tmp_path / "s.db")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1  # something was skipped: said, and the exit code shows it
    assert "1 added" in done.stdout and "1 failed" in done.stdout
    assert "big.txt" in done.stderr and "max_doc_bytes" in done.stderr
    assert "Traceback" not in done.stderr
