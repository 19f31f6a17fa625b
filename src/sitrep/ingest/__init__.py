"""Readers that turn inputs (text, HTML, RSS/Atom, JSONL files, directories, stdin) into
Documents, yielding an InputError for each bad input so the batch goes on."""

from sitrep.ingest.inputs import read_inputs

__all__ = ["read_inputs"]
