"""``read_inputs``: paths, directories and stdin in, Documents (or an InputError per bad
input) out. One bad input never stops the batch and no reader's exception escapes."""

from __future__ import annotations

import os
import stat
import sys
from contextlib import contextmanager
from datetime import date
from typing import BinaryIO, Iterator, Sequence, TextIO

from sitrep.errors import InputError
from sitrep.ingest.common import one_line
from sitrep.ingest.decode import DecodeFailure, check_binary
from sitrep.ingest.feed import read_feed
from sitrep.ingest.html import read_html
from sitrep.ingest.jsonl import read_jsonl
from sitrep.ingest.sniff import HEAD_BYTES, format_for
from sitrep.ingest.stream import ByteSource, iter_lines, read_bounded
from sitrep.ingest.text import read_text
from sitrep.ingest.walk import iter_report_files
from sitrep.model import Document
from sitrep.settings import Settings

STDIN = "-"


def read_inputs(paths: Sequence[str], settings: Settings, *, published: date | None = None,
                stdin: TextIO | BinaryIO | None = None) -> Iterator[Document | InputError]:
    """Documents from files, directories (recursively) and ``-`` (stdin), in the order given.

    ``published`` is the publication date of inputs that carry none of their own.
    """
    for given in [paths] if isinstance(paths, str) else paths:
        if given == STDIN:
            yield from _guarded(STDIN, _read_stdin(stdin, settings, published))
        elif os.path.isdir(given):
            yield from _read_dir(given, settings, published)
        else:
            yield from _guarded(given, _read_path(given, settings, published))


def _guarded(input_id: str, results: Iterator[Document | InputError]
             ) -> Iterator[Document | InputError]:
    """The batch's safety net: whatever a reader raises becomes that input's InputError."""
    try:
        yield from results
    except InputError as exc:
        yield exc
    except Exception as exc:  # noqa: BLE001 - a reader bug must not end the batch
        yield InputError(input_id, f"could not be read ({type(exc).__name__}: {one_line(exc)})")


def _read_dir(root: str, settings: Settings, published: date | None
              ) -> Iterator[Document | InputError]:
    found = 0
    for item in iter_report_files(root):
        found += 1
        if isinstance(item, InputError):
            yield item
        else:
            yield from _guarded(item, _read_path(item, settings, published))
    if not found:  # say so: an empty result would look like a silent failure
        yield InputError(root, "directory holds no report files (see docs/ingest.md)")


def _read_stdin(stdin: TextIO | BinaryIO | None, settings: Settings, published: date | None
                ) -> Iterator[Document | InputError]:
    stream = stdin if stdin is not None else sys.stdin
    if stream is None or getattr(stream, "closed", False):
        raise InputError(STDIN, "no standard input to read")
    # sys.stdin's bytes, not its locale-decoded text: the decoder does better.
    source = ByteSource(getattr(stream, "buffer", stream))
    yield from _read_source(STDIN, None, source, settings, published)


def _read_path(path: str, settings: Settings, published: date | None
               ) -> Iterator[Document | InputError]:
    with _open_file(path) as handle:
        yield from _read_source(path, path, ByteSource(handle), settings, published,
                                size=os.fstat(handle.fileno()).st_size)


@contextmanager
def _open_file(path: str) -> Iterator[BinaryIO]:
    """Open a regular file for reading, or raise InputError saying why it cannot be."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or device would block or not end
            raise InputError(path, "not a regular file")
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the readers finish
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or one_line(exc)
        raise InputError(path, f"cannot open: {reason}") from None
    with handle:
        yield handle


def _read_source(input_id: str, path: str | None, source: ByteSource, settings: Settings,
                 published: date | None, size: int | None = None
                 ) -> Iterator[Document | InputError]:
    head = source.read(HEAD_BYTES)
    if not head:
        raise InputError(input_id, "empty input")
    kind = format_for(path, head)
    limit = settings.max_doc_bytes
    # JSONL is streamed, so its limit applies to each line (one document), not the file.
    if kind != "jsonl" and size is not None and size > limit:
        raise InputError(input_id, f"{size} bytes, over the limit of {limit} (max_doc_bytes)")
    _refuse_binary(input_id, head)
    source.push_back(head)
    if kind == "jsonl":
        yield from read_jsonl(input_id, iter_lines(source, limit), limit, published)
        return
    data = read_bounded(source, limit)  # the size on disk can lie (stdin, growing files)
    if data is None:
        raise InputError(input_id, f"over the limit of {limit} bytes (max_doc_bytes)")
    if kind == "feed":
        yield from read_feed(input_id, data, settings.max_feed_entries, published)
    elif kind == "html":
        yield read_html(input_id, data, published)
    else:
        yield read_text(input_id, data, published)


def _refuse_binary(input_id: str, head: bytes) -> None:
    try:
        check_binary(head)
    except DecodeFailure as exc:
        raise InputError(input_id, str(exc)) from exc
