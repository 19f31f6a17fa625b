"""Stores: pick a backend from a URL or path."""

from __future__ import annotations

from sitrep.store.base import EventQuery, Store, StoreCounts, StoredEvent

__all__ = ["EventQuery", "Store", "StoreCounts", "StoredEvent", "open_store"]


def open_store(url: str) -> Store:
    """``postgresql://...`` opens PostgreSQL; anything else is a SQLite file path."""
    if url.startswith(("postgresql://", "postgres://")):
        from sitrep.store.postgres import PostgresStore

        return PostgresStore(url)
    from sitrep.store.sqlite import SQLiteStore

    return SQLiteStore(url.removeprefix("sqlite:///"))
