"""The CLI end to end on the seeds: run, ingest idempotency, events, errors as one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app

runner = CliRunner()


@pytest.fixture()
def env(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("SITREP_STORE", str(tmp_path / "cli.db"))
    return tmp_path


def _sitrep(*args: str, env_extra: dict | None = None, input: str | None = None):
    return subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True,
                          timeout=300, input=input, env={**os.environ, **(env_extra or {})})


def test_cli_help_everywhere():
    for cmd in ([], ["ingest"], ["extract"], ["run"], ["events"], ["demo"], ["eval"]):
        result = runner.invoke(app, [*cmd, "--help"])
        assert result.exit_code == 0, cmd
        assert "Usage" in result.output


def test_cli_ingest_twice_is_noop(env, seeds_dir):
    first = runner.invoke(app, ["ingest", str(seeds_dir)])
    assert first.exit_code == 0, first.output
    assert "5 added" in first.output
    second = runner.invoke(app, ["ingest", str(seeds_dir)])
    assert second.exit_code == 0
    assert "0 added, 5 already stored" in second.output


def test_cli_ingest_bad_input_reported_and_batch_goes_on(env, seeds_dir):
    bad = env / "binary.txt"
    bad.write_bytes(b"\x00\x01\x02garbage\x00")
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    result = _sitrep("ingest", str(bad), str(seed), str(env / "missing.txt"),
                     env_extra={"SITREP_STORE": str(env / "cli.db")})
    assert result.returncode == 1
    assert "1 added" in result.stdout
    assert "binary.txt" in result.stderr and "missing.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_run_prints_situation_and_events_query(env, seeds_dir, geonames_zip, katotth_csv):
    result = runner.invoke(app, ["run", str(seeds_dir), "--gazetteer", str(geonames_zip),
                                 "--katotth", str(katotth_csv)])
    assert result.exit_code == 0, result.output
    assert "Siversk" in result.output
    assert "Situation" in result.output
    listed = runner.invoke(app, ["events", "--json", "--place", "Siversk"])
    assert listed.exit_code == 0
    rows = [json.loads(line) for line in listed.output.splitlines() if line.strip()]
    assert rows and all(r["location"]["name"] == "Siversk" for r in rows)
    assert {r["type"] for r in rows} >= {"capture"}


def test_cli_store_error_is_one_line(env):
    blocker = env / "afile"
    blocker.write_text("x")
    result = _sitrep("events", "--store", str(blocker / "x" / "s.db"))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error:")
    assert "Traceback" not in result.stderr


def test_cli_bad_published_date_is_clear(env, seeds_dir):
    result = _sitrep("extract", str(seeds_dir), "--published", "yesterday")
    assert result.returncode == 2
    assert "--published" in result.stderr and "Traceback" not in result.stderr


def test_cli_extract_stdin_jsonl(env, geonames_zip, cache_dir):
    line = json.dumps({"id": "t1", "text": "Russian forces captured Soledar, TASS reported.",
                       "published": "2023-01-13"})
    result = _sitrep("extract", "-", "--gazetteer", str(geonames_zip), input=line + "\n",
                     env_extra={"SITREP_CACHE_DIR": str(cache_dir)})
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(x) for x in result.stdout.splitlines()]
    assert record["id"] == "t1" and record["published"] == "2023-01-13"
    assert any(p["name"] == "Soledar" for p in record["places"])


def test_cli_eval_checks_minimums(env, gold_path, geonames_zip, katotth_csv, hostilities_docx,
                                  shared_dir):
    minimums = Path(__file__).resolve().parents[1] / "eval" / "minimums.json"
    cir = shared_dir / "data" / "cir-events" / "events.csv"
    result = runner.invoke(app, ["eval", str(gold_path), "--gazetteer", str(geonames_zip),
                                 "--katotth", str(katotth_csv), "--hostilities", str(hostilities_docx),
                                 "--cir", str(cir), "--minimums", str(minimums)])
    assert result.exit_code == 0, result.output
    impossible = env / "impossible.json"
    impossible.write_text(json.dumps({"min": {"places.exact_id": 1.01}}))
    failed = runner.invoke(app, ["eval", str(gold_path), "--gazetteer", str(geonames_zip),
                                 "--katotth", str(katotth_csv), "--minimums", str(impossible)])
    assert failed.exit_code == 1
