"""Property: whatever bytes a file holds, read_inputs yields Documents or InputErrors and
never raises; every Document is well-formed."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from sitrep.errors import InputError
from sitrep.ids import doc_id_for
from sitrep.ingest import read_inputs
from sitrep.model import Document
from sitrep.settings import Settings

# Openings that steer random bytes into each reader rather than only the binary check.
PREFIXES = [b"", b"{", b'{"id": "a", "text": "', b"<html><body><p>", b'<?xml version="1.0"?><rss>',
            b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>", b" date 2023-02-07 ",
            b"\xef\xbb\xbf", b"\xff\xfe", b"Title\n\n"]
NAMES = ["in.txt", "in.html", "in.rss", "in.jsonl", "in.xml", "in"]

payloads = st.builds(lambda prefix, body: prefix + body, st.sampled_from(PREFIXES),
                     st.one_of(st.binary(max_size=600),
                               st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace")),
                               st.lists(st.sampled_from([b"\n", b"<p>", b"</item>", b'"}', b"{",
                                                         b"\x00", b"\xd0", b"text", b"<item>"]),
                                        max_size=40).map(b"".join)))


def check(results: list) -> None:
    for result in results:
        assert isinstance(result, (Document, InputError)), result
        if isinstance(result, Document):
            assert result.text.strip() and result.doc_id == doc_id_for(result.title, result.text)
        else:
            assert "\n" not in str(result)
            # the safety net in read_inputs hides reader bugs: none may reach it
            assert not result.reason.startswith("could not be read ("), result


@hyp_settings(max_examples=300, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=payloads, name=st.sampled_from(NAMES))
def test_arbitrary_file_bytes_never_raise(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        check(list(read_inputs([str(path)], Settings(max_doc_bytes=400, max_feed_entries=3))))


@hyp_settings(max_examples=60, deadline=None)
@given(data=payloads)
def test_arbitrary_stdin_bytes_never_raise(data: bytes) -> None:
    check(list(read_inputs(["-"], Settings(max_doc_bytes=400), stdin=io.BytesIO(data))))
