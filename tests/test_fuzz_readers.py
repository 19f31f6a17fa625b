"""Property tests for every reader in sitrep.ingest, called directly (not through
read_inputs, whose safety net would hide a reader's exception): whatever the bytes, a reader
returns well-formed Documents or a declared, one-line InputError naming the input.

Inputs: hypothesis bytes and text steered into each format, and the shared seed reports in
every format mutated by bench/fuzz.py's mutators (the long run's generator, ~100k inputs).
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Callable, Iterable

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from bench_modules import load_bench
from sitrep.errors import InputError
from sitrep.ids import doc_id_for
from sitrep.ingest.decode import DecodeFailure, decode_bytes
from sitrep.ingest.feed import read_feed
from sitrep.ingest.html import read_html
from sitrep.ingest.jsonl import read_jsonl
from sitrep.ingest.markup import html_to_text
from sitrep.ingest.sniff import format_for
from sitrep.ingest.stream import ByteSource, iter_lines, read_bounded
from sitrep.ingest.text import read_text
from sitrep.model import Document

FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                   HealthCheck.function_scoped_fixture])


FUZZ_MODULE = load_bench("fuzz")
OPENINGS = {
    "text": [b"", b" date 2024-07-20 ", b"Title\n\n", b"\xef\xbb\xbf", b"\xff\xfe"],
    "html": [b"<html><head><title>", b"<p>", b'<meta charset="koi8-r"><p>', b"<!DOCTYPE html>"],
    "feed": [b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>',
             b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>", b"<rss><item>",
             FUZZ_MODULE.ENTITY_BOMB + b"<rss><channel><item><description>"],
    "jsonl": [b'{"id": "a", "text": "', b'{"id": 1, "text": "x", "published": "', b"{", b"["],
}
_TOKENS = st.sampled_from(FUZZ_MODULE.TOKENS)
_BODY = st.one_of(st.binary(max_size=400),
                  st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
                  st.lists(_TOKENS, max_size=40).map(b"".join))


def _payload(fmt: str) -> st.SearchStrategy[bytes]:
    return st.builds(lambda a, b: a + b, st.sampled_from(OPENINGS[fmt]), _BODY)


def _check_document(doc: Document, input_id: str) -> None:
    assert isinstance(doc, Document), doc
    assert doc.text.strip() and doc.doc_id == doc_id_for(doc.title, doc.text)
    assert doc.input_id.startswith(input_id) or input_id == "in.jsonl"
    assert "\n" not in doc.title and len(doc.title) <= 301
    doc.text.encode("utf-8")  # every later stage hashes and stores it: no lone surrogates


def _check_error(error: InputError, input_id: str) -> None:
    assert isinstance(error, InputError), error
    assert error.input_id.startswith(input_id) and error.reason.strip()
    assert "\n" not in str(error) and "\r" not in str(error)


def _outcomes(call: Callable[[], Iterable | Document], input_id: str) -> None:
    """Run a reader; each result must be a Document or InputError, a raise an InputError."""
    try:
        result = call()
        items = [result] if isinstance(result, Document) else list(result)
    except InputError as exc:
        items = [exc]
    for item in items:
        if isinstance(item, InputError):
            _check_error(item, input_id)
        else:
            _check_document(item, input_id)


READERS: dict[str, Callable[[bytes], Callable[[], object]]] = {
    "text": lambda data: lambda: read_text("in.txt", data),
    "html": lambda data: lambda: read_html("in.html", data),
    "feed": lambda data: lambda: read_feed("in.rss", data, max_entries=3),
    "jsonl": lambda data: lambda: read_jsonl(
        "in.jsonl", iter_lines(ByteSource(io.BytesIO(data)), 8000), 8000),
}
INPUT_IDS = {"text": "in.txt", "html": "in.html", "feed": "in.rss", "jsonl": "in.jsonl"}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_fuzz_readers_generated_bytes_give_documents_or_declared_errors(fmt: str) -> None:
    @hyp_settings(max_examples=150, **FUZZ)
    @given(data=_payload(fmt))
    def run(data: bytes) -> None:
        _outcomes(READERS[fmt](data), INPUT_IDS[fmt])

    run()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(READERS))
def test_fuzz_readers_mutated_seeds_give_documents_or_declared_errors(fmt: str,
                                                                     shared_dir: Path) -> None:
    pool = FUZZ_MODULE.seed_inputs(shared_dir)
    mine = [data for kind, data in pool if kind == fmt]

    @hyp_settings(max_examples=40 if fmt == "feed" else 100, **FUZZ)  # feeds: 5 documents each
    @given(which=st.integers(0, len(mine) - 1), seed=st.integers(0, 2**32))
    def run(which: int, seed: int) -> None:
        data = FUZZ_MODULE.mutate(random.Random(seed), mine[which], pool)
        _outcomes(READERS[fmt](data), INPUT_IDS[fmt])

    run()


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_fuzz_readers_unmutated_seeds_all_read(fmt: str, shared_dir: Path) -> None:
    """The baseline the mutations start from reads cleanly: no errors at all. (Not the pool's
    cp1251 re-encodings of the English seeds: those are refused, rightly, as not Cyrillic.)"""
    for data in [d for kind, d in FUZZ_MODULE.seed_inputs(shared_dir) if kind == fmt]:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        result = READERS[fmt](data)()
        items = [result] if isinstance(result, Document) else list(result)
        assert items and all(isinstance(i, Document) for i in items), items


@hyp_settings(max_examples=200, **FUZZ)
@given(data=st.one_of(_BODY, _payload("text"), _payload("html")),
       declared=st.sampled_from([None, "utf-8", "koi8-r", "utf-16", "x-bogus", "latin-1"]))
def test_fuzz_readers_decode_bytes_decodes_or_says_why(data: bytes, declared: str | None) -> None:
    try:
        decoded = decode_bytes(data, declared)
    except DecodeFailure as exc:
        assert str(exc).strip() and "\n" not in str(exc)
        return
    assert "\x00" not in decoded.text and decoded.charset


@hyp_settings(max_examples=200, **FUZZ)
@given(markup=st.one_of(st.text(max_size=400),
                        st.lists(_TOKENS, max_size=60).map(
                            lambda parts: b"".join(parts).decode("utf-8", "replace"))))
def test_fuzz_readers_html_to_text_never_raises(markup: str) -> None:
    text = html_to_text(markup)
    assert text == text.strip() and "\n\n\n" not in text


@hyp_settings(max_examples=200, **FUZZ)
@given(head=_BODY, name=st.sampled_from([None, "a.txt", "a.xml", "a.HTML", "a", "a.jsonl"]))
def test_fuzz_readers_sniff_always_names_a_reader(head: bytes, name: str | None) -> None:
    assert format_for(name, head) in READERS


@hyp_settings(max_examples=200, **FUZZ)
@given(data=st.lists(st.sampled_from([b"a", b"bb" * 50, b"\n", b"\r\n", b"x" * 700]),
                     max_size=30).map(b"".join), limit=st.integers(1, 500))
def test_fuzz_readers_bounded_streams_hold_no_more_than_the_limit(data: bytes, limit: int) -> None:
    lines = list(iter_lines(ByteSource(io.BytesIO(data)), limit))
    # the limit is on a line's content: its newline may be the one byte over
    assert all(line is None or len(line) <= limit or (len(line) == limit + 1
                                                      and line.endswith(b"\n")) for line in lines)
    kept = b"".join(line for line in lines if line is not None)
    assert len(kept) <= len(data)
    whole = read_bounded(ByteSource(io.BytesIO(data)), limit)
    assert whole == (data if len(data) <= limit else None)


# Inputs the fuzzing found (bench/fuzz.py), reduced: each once escaped a reader or broke a
# Document invariant. Now each is a declared error or a well-formed Document.
FOUND = [
    ("feed", b"<?xml version='1.0' encoding='ut\xaa-8'?><rss version='2.0'><channel><item>"
             b"<title>a</title></item></channel></rss>", "malformed feed: UnicodeDecodeError"),
    ("feed", b"<rss version='2.0'><channel><item><title>a &#xd800; b</title><description>x"
             b"</description></item></channel></rss><", "malformed feed: UnicodeEncodeError"),
    ("feed", b"<rss version='2.0'><channel><item><title>a</title><description>&lt;![CDOTA[ x"
             b"</description></item></channel></rss>", None),
    ("html", b"<html><head><title>" + b"word " * 200 + b"</title></head><body><p>Shelling near "
             b"Bakhmut.</p></body></html>", None),
    ("html", b"<p>Shelling <![CDOTA[ near Bakhmut", None),
]


@pytest.mark.parametrize("fmt,data,error", FOUND)
def test_fuzz_readers_found_inputs_are_handled(fmt: str, data: bytes, error: str | None) -> None:
    try:
        result = READERS[fmt](data)()
        items = [result] if isinstance(result, Document) else list(result)
    except InputError as exc:
        items = [exc]
    _outcomes(READERS[fmt](data), INPUT_IDS[fmt])
    if error is None:
        assert any(isinstance(item, Document) for item in items), items
    else:
        assert [str(i) for i in items if isinstance(i, InputError) and error in i.reason], items
