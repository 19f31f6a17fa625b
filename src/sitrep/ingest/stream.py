"""Bounded reading: never more than a limit into memory, lines streamed one at a time."""

from __future__ import annotations

import io
from typing import IO, Any, Iterator

_CHUNK = 65_536


class ByteSource:
    """A binary view of a file, a binary stream or a text stream (encoded as UTF-8) that can
    put bytes back: the head read for sniffing is then read again by the chosen reader."""

    def __init__(self, stream: IO[Any]) -> None:
        self._stream = stream
        self._head = io.BytesIO()
        self._text = not _is_binary(stream)

    def push_back(self, data: bytes) -> None:
        self._head = io.BytesIO(data + self._head.read())

    def _raw(self, size: int, line: bool) -> bytes:
        if size <= 0:
            return b""
        chunk = self._stream.readline(size) if line else self._stream.read(size)
        if self._text:  # ``size`` counted characters: close enough for a limit, re-checked
            return chunk.encode("utf-8", "surrogatepass")
        return chunk

    def read(self, size: int) -> bytes:
        data = self._head.read(size)
        return data + self._raw(size - len(data), line=False)

    def readline(self, size: int) -> bytes:
        data = self._head.readline(size)
        if data.endswith(b"\n") or len(data) >= size:
            return data
        return data + self._raw(size - len(data), line=True)


def _is_binary(stream: IO[Any]) -> bool:
    if isinstance(stream, (io.RawIOBase, io.BufferedIOBase)):
        return True
    if isinstance(stream, io.TextIOBase):
        return False
    return isinstance(stream.read(0), bytes)


def read_bounded(source: ByteSource, limit: int) -> bytes | None:
    """All the bytes, or None when there are more than ``limit``."""
    data = source.read(limit + 1)
    return None if len(data) > limit else data


def iter_lines(source: ByteSource, limit: int) -> Iterator[bytes | None]:
    """Each line (with its newline); None for a line longer than ``limit``, which is skipped
    in chunks rather than held in memory."""
    while True:
        line = source.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = source.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
        else:
            yield line
