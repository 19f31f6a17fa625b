"""Pickled artefacts in the cache directory: written atomically, read back only if intact.

A concurrent reader sees the old file or the new one, never half of one; a damaged or stale
file (another version's classes) reads as missing, so the caller simply rebuilds it.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable


def file_identity(path: Path) -> str:
    """``path|size|mtime``: the part of a cache key that changes whenever the source file does
    (OSError for a missing file, for the caller to name)."""
    st = path.stat()
    return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"


def read_cached(path: Path, valid: Callable[[object], bool]) -> object | None:
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            value = pickle.load(fh)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, OSError):
        return None
    return value if valid(value) else None


def write_cached(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
