"""The HTTP API and the map page (FastAPI): :func:`create_app`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> "FastAPI":
    """See :func:`sitrep.api.app.create_app` (imported lazily: FastAPI is an optional extra)."""
    from sitrep.api.app import create_app as _create

    return _create(*args, **kwargs)
