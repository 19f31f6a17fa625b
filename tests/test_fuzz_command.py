"""The long fuzz run's command (bench/fuzz.py) works end to end on a few hundred inputs:
it prints its counts as JSON and exits 0 only when no input failed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.integration
def test_fuzz_command_runs_inputs_without_failures(shared_dir: Path, cache_dir: Path,
                                                  tmp_path: Path) -> None:
    env = dict(os.environ, SITREP_CACHE_DIR=str(cache_dir))
    done = subprocess.run(
        [sys.executable, "-m", "bench.fuzz", "--n", "200", "--workers", "2",
         "--shared", str(shared_dir), "--failures", str(tmp_path / "failures")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["inputs"] == 200 and summary["documents"] > 50, summary
    assert summary["declared_errors"] > 0 and summary["events"] > 0, summary
    assert summary["failures"] == 0 and done.returncode == 0, done.stderr[-3000:]
