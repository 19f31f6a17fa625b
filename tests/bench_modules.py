"""The bench/ scripts the tests reuse (the corpus generator, the fuzzer), loaded by path: the
tests run under plain `pytest` too, where the repository root is not on sys.path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def load_bench(name: str) -> ModuleType:
    """``bench/<name>.py`` as module ``bench_<name>``, loaded once per test session."""
    key = f"bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module  # its dataclasses look their module up while it executes
    spec.loader.exec_module(module)
    return module
