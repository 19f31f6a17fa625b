"""Fuzz the readers and the extraction pipeline with generated and mutated inputs.

Every input is bytes in one of the formats sitrep reads (plain text, HTML, RSS/Atom feeds,
JSON Lines): the five seed reports in each format, mutated (bytes flipped, cut, spliced,
re-encoded, hostile tokens inserted: NULs, byte-order marks, entity bombs, lone surrogates,
deep nesting, ...), or generated from scratch. Each one is read through ``read_inputs`` (as a
file named for its format and, for some, as stdin, which is sniffed) and every Document read
goes through ``default_pipeline`` over the real gazetteer (GeoNames UA dump + KATOTTH).

A failure is anything but a declared, clear outcome: an exception escaping a reader or the
pipeline (the readers' safety net turning one into "could not be read (...)" counts too), an
error message spanning lines, a Document or span breaking its invariants (offsets must index
``Document.text``), a contract JSON object the schema rejects, or an input taking longer
than ``--timeout`` seconds. Input ``i`` depends only on (``--seed``, ``i``), so a failure is
re-run alone with ``--start i --n 1``; failing inputs are also written to ``--failures``.

    python3 -m bench.fuzz --n 100000 --analyse-share 0.25   # the long run (two workers)
    python3 -m bench.fuzz --n 200 --workers 1   # a quick look
    SITREP_DEBUG=1 python3 -m bench.fuzz --start 1295 --n 1 --workers 1  # one, with traceback
"""

from __future__ import annotations

import argparse
import codecs
import dataclasses
import io
import json
import multiprocessing
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
FORMATS = ("text", "html", "feed", "jsonl")
SUFFIX = {"text": ".txt", "html": ".html", "feed": ".rss", "jsonl": ".jsonl"}
# Seeds are cut to pieces this long at most, most of the time: the pipeline's cost grows
# with the text and 100,000 whole reports would take hours on two cores.
PIECE_CHARS = 1000

# Byte strings that steer parsers into their corners.
TOKENS = (
    b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe", b"\r", b"\r\n", b"\t", b"\x1b",
    b"\xd0", b"\xe2\x80", b"\xed\xa0\x80", b"\\ud800", b"\\u0000", b"\xe2\x80\xae", b"\xcc\x81",
    b"&#0;", b"&#xd800;", b"&#x110000;", b"&amp;", b"&nbsp;", b"&lol9;", b"<![CDATA[", b"]]>",
    b"<!--", b"-->", b"<script>", b"</script>", b"<p>", b"</p>", b"<br/>", b"<div", b">", b"<",
    b"<item>", b"</item>", b"<entry>", b"</entry>", b"<title>", b"</title>", b"<pubDate>",
    b"</pubDate>", b"<content:encoded>", b"<?xml version='1.0' encoding='koi8-r'?>",
    b'<meta charset="utf-16">', b'<meta charset="x-bogus">', b"{", b"}", b"[", b"]", b'"', b":",
    b",", b'"text"', b'"id"', b'"published"', b"null", b"true", b"1e999", b"-0", b"\n",
    b" date 2023-02-30 ", b" date 9999-99-99\n", b"2022-02-24", b"July 20", b"yesterday",
    b"one day prior", b"near", b"km north of", b"Bakhmut", b"\xd0\x91\xd0\xb0\xd1\x85\xd0\xbc\xd1\x83\xd1\x82",
    b"Kharkiv Oblast", b"Zaporizhzhia", b"DPR", b"shelling", b"drone strike", b"killed",
    b"\xe2\x80\x99", b"\xc2\xa0", b"\xe3\x80\x80", b"\xf0\x9f\x92\xa5", b"\xef\xbf\xbd",
)
ENTITY_BOMB = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
               + b"".join(b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1) if i else b"&a;") * 10)
                          for i in range(9))
               + b'<!ENTITY x SYSTEM "file:///etc/passwd">]>')
ENCODINGS = ("utf-16", "utf-16-le", "cp1251", "koi8_r", "cp866", "latin-1", "utf-8-sig")


# ----------------------------------------------------------------------------- seed inputs

@lru_cache(maxsize=2)
def seed_texts(shared: Path = DEFAULT_SHARED) -> tuple[str, ...]:
    """The seed reports (sample layout: title line, blank line, body)."""
    folder = Path(shared) / "seeds"
    return tuple(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))


def _pieces(texts: tuple[str, ...]) -> list[str]:
    """Each report's title with runs of its paragraphs no longer than PIECE_CHARS."""
    pieces: list[str] = []
    for text in texts:
        title, _, body = text.partition("\n")
        run = ""
        for para in (p for p in body.split("\n\n") if p.strip()):
            if run and len(run) + len(para) > PIECE_CHARS:
                pieces.append(f"{title}\n\n{run}")
                run = ""
            run = f"{run}\n\n{para}" if run else para
        pieces.append(f"{title}\n\n{run}")
    return pieces


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def as_html(text: str) -> str:
    title, _, body = text.partition("\n")
    paras = "".join(f"<p>{_esc(p.strip())}</p>\n" for p in body.split("\n\n") if p.strip())
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_esc(title)}</title>'
            '<meta property="article:published_time" content="2024-07-20T10:00:00Z">'
            f"<script>var x = '<p>not text</p>';</script></head><body><nav><a href='/'>Home</a>"
            f"</nav><article><h1>{_esc(title)}</h1>\n{paras}</article><footer>(c)</footer>"
            "</body></html>")


def as_feed(texts: list[str], atom: bool) -> str:
    items = []
    for n, text in enumerate(texts):
        title, _, body = text.partition("\n")
        if atom:
            items.append(f"<entry><title>{_esc(title)}</title><id>urn:x:{n}</id>"
                         f"<updated>2024-07-2{n % 10}T08:00:00Z</updated>"
                         f"<content type='html'>{_esc(_esc(body))}</content></entry>")
        else:
            items.append(f"<item><title>{_esc(title)}</title><link>https://example.org/{n}</link>"
                         f"<pubDate>Sat, 20 Jul 2024 08:00:00 GMT</pubDate>"
                         f"<description><![CDATA[{body}]]></description></item>")
    if atom:
        return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
                f"<title>Wire</title>{''.join(items)}</feed>")
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire</title>"
            f"{''.join(items)}</channel></rss>")


def as_jsonl(texts: list[str]) -> str:
    lines = [json.dumps({"id": f"r{n}", "text": t, "title": t.partition("\n")[0],
                         "published": "2024-07-20", "source": "Wire", "url": None})
             for n, t in enumerate(texts)]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=2)
def seed_inputs(shared: Path = DEFAULT_SHARED) -> tuple[tuple[str, bytes], ...]:
    """(format, bytes) for every seed piece in every format, plus whole-report variants."""
    texts = seed_texts(shared)
    pieces = _pieces(texts)
    out: list[tuple[str, bytes]] = []
    for piece in pieces:
        out += [("text", piece.encode()), ("html", as_html(piece).encode()),
                ("jsonl", as_jsonl([piece]).encode()),
                ("text", (" date 2024-07-20 " + piece).encode()),
                ("text", piece.encode("cp1251", "replace"))]
    for start in range(0, len(pieces), 3):
        group = pieces[start:start + 3]
        out += [("feed", as_feed(group, atom=False).encode()),
                ("feed", as_feed(group, atom=True).encode()), ("jsonl", as_jsonl(group).encode())]
    out += [("text", texts[0].encode()), ("html", as_html(texts[1]).encode())]
    return tuple(out)


# ------------------------------------------------------------------------------- mutation

def _flip(rng: random.Random, data: bytes, pool: tuple) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def _insert_token(rng: random.Random, data: bytes, pool: tuple) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(TOKENS) * rng.choice((1, 1, 2, 50)) + data[at:]


def _delete(rng: random.Random, data: bytes, pool: tuple) -> bytes:
    if len(data) < 2:
        return data
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.randint(1, max(1, len(data) // 4)):]


def _duplicate(rng: random.Random, data: bytes, pool: tuple) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    chunk = data[a:a + rng.randint(1, 200)]
    return data[:a] + chunk * rng.randint(2, 20) + data[a:]


def _splice(rng: random.Random, data: bytes, pool: tuple) -> bytes:
    other = rng.choice(pool)[1]
    return data[:rng.randint(0, len(data))] + other[rng.randint(0, len(other)):]


def _truncate(rng: random.Random, data: bytes, pool: tuple) -> bytes:
    return data[:rng.randint(0, len(data))]


def _reencode(rng: random.Random, data: bytes, pool: tuple) -> bytes:
    text = data.decode("utf-8", "replace")
    return text.encode(rng.choice(ENCODINGS), "replace")


def _prefix(rng: random.Random, data: bytes, pool: tuple) -> bytes:
    return rng.choice((ENTITY_BOMB, b"\xef\xbb\xbf", b"\xff\xfe", b" date 2024-02-30 ",
                       b"<", b"{", b"\n" * 50, b"<?xml version='1.0'?>")) + data


def _nest(rng: random.Random, data: bytes, pool: tuple) -> bytes:
    depth = rng.choice((10, 100, 2000, 50_000))
    opener, closer = rng.choice(((b"[", b"]"), (b"<div>", b"</div>"), (b'{"a":', b"}"),
                                 (b"<b><i>", b""), (b"(", b")")))
    at = rng.randint(0, len(data))
    return data[:at] + opener * depth + closer * rng.choice((0, depth)) + data[at:]


def _case(rng: random.Random, data: bytes, pool: tuple) -> bytes:
    return data.upper() if rng.random() < 0.5 else data.swapcase()


MUTATIONS: tuple[Callable[[random.Random, bytes, tuple], bytes], ...] = (
    _flip, _flip, _insert_token, _insert_token, _insert_token, _delete, _duplicate, _splice,
    _truncate, _reencode, _prefix, _nest, _case)


def mutate(rng: random.Random, data: bytes, pool: tuple[tuple[str, bytes], ...]) -> bytes:
    for _ in range(rng.choice((1, 1, 2, 3, 5))):
        data = rng.choice(MUTATIONS)(rng, data, pool)
    return data


def generated(rng: random.Random) -> bytes:
    """From scratch: random bytes, random Unicode, or a soup of tokens."""
    kind = rng.randrange(3)
    size = rng.choice((0, 1, 5, 50, 500, 3000))
    if kind == 0:
        return rng.randbytes(size)
    if kind == 1:
        chars = [chr(rng.choice((rng.randrange(32, 127), rng.randrange(0x400, 0x500),
                                 rng.randrange(0x80, 0x2FFF), rng.randrange(0x1F000, 0x1FAFF))))
                 for _ in range(size)]
        return "".join(chars).encode()
    return b"".join(rng.choice(TOKENS) for _ in range(size // 5))


def make_input(seed: int, index: int, shared: Path = DEFAULT_SHARED) -> tuple[str, bytes]:
    """Input ``index`` of run ``seed``: (format it is named as, bytes)."""
    rng = random.Random(f"{seed}:{index}")
    pool = seed_inputs(shared)
    roll = rng.random()
    if roll < 0.05:  # a seed as it is: the baseline must stay clean
        return rng.choice(pool)
    if roll < 0.80:
        fmt, data = rng.choice(pool)
        return fmt, mutate(rng, data, pool)
    return rng.choice(FORMATS), generated(rng)


# ------------------------------------------------------------------------------ checking

@dataclass(frozen=True)
class Outcome:
    documents: int = 0
    declared_errors: int = 0
    analysed: int = 0
    events: int = 0
    failures: tuple[str, ...] = ()


class Timeout(Exception):
    pass


def _spans(value: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Every Span reachable from a dataclass value (mentions, events, actors, ...)."""
    from sitrep.model import Span

    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Span):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _spans(getattr(value, f.name), seen)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _spans(item, seen)


def document_problems(doc: Any) -> list[str]:
    """What is wrong with a Document a reader returned (empty when nothing)."""
    from sitrep.ids import doc_id_for

    problems = []
    if not doc.text.strip():
        problems.append("document with blank text")
    if doc.doc_id != doc_id_for(doc.title, doc.text):
        problems.append("doc_id is not the hash of title and text")
    if "\n" in doc.title or len(doc.title) > 400:
        problems.append(f"bad title {doc.title[:60]!r}")
    return problems


def analysis_problems(analysis: Any, validator: Any | None) -> list[str]:
    """Broken offsets, or a contract object that does not serialise (or, given a validator,
    does not validate)."""
    from sitrep.contract import analysis_json

    doc = analysis.document
    problems = [f"span {s.start}:{s.end} {s.text[:40]!r} does not index the text"
                for s in _spans(analysis) if s.doc_id == doc.doc_id
                and not (0 <= s.start <= s.end <= len(doc.text)
                         and doc.text[s.start:s.end] == s.text)]
    obj = json.loads(json.dumps(analysis_json(analysis), ensure_ascii=False))
    if validator is not None:
        problems += [f"contract: {e.message[:120]}" for e in validator.iter_errors(obj)]
    return problems


def error_problems(error: Any) -> list[str]:
    text = str(error)
    if "\n" in text or "\r" in text:
        return [f"error message spans lines: {text[:80]!r}"]
    if error.reason.startswith("could not be read ("):  # the safety net caught a reader bug
        return [f"reader raised: {error.reason}"]
    if not error.reason.strip():
        return ["error without a reason"]
    return []


# ------------------------------------------------------------------------------- workers

_STATE: dict[str, Any] = {}


def setup(shared: Path, cache_dir: str | None = None) -> None:
    """Load the gazetteer, pipeline and schema validator once (before the workers fork)."""
    from importlib import resources

    import jsonschema

    from sitrep.analyze import default_pipeline
    from sitrep.gazetteer import load_gazetteer
    from sitrep.settings import Settings

    katotth = sorted((shared / "data" / "katotth").glob("kodifikator-*.csv"))
    settings = Settings.from_env(geonames=str(shared / "data" / "geonames" / "UA.zip"),
                                 katotth=str(katotth[-1]) if katotth else None,
                                 cache_dir=cache_dir)
    schema = json.loads(resources.files("sitrep.schema").joinpath("extract.schema.json")
                        .read_text(encoding="utf-8"))
    _STATE.update(pipeline=default_pipeline(load_gazetteer(settings)), shared=shared,
                  validator=jsonschema.Draft202012Validator(schema),
                  folder=tempfile.mkdtemp(prefix="sitrep-fuzz-"))


def _limits(rng: random.Random) -> Any:
    """Mostly the defaults; sometimes tiny limits so the over-limit paths run too."""
    from sitrep.settings import Settings

    if rng.random() < 0.85:
        return Settings()
    return Settings(max_doc_bytes=rng.choice((1, 64, 700)), max_feed_entries=rng.choice((0, 1, 2)))


def _read(fmt: str, data: bytes, settings: Any, as_stdin: bool) -> list[Any]:
    from sitrep.ingest import read_inputs

    if as_stdin:  # no name: the format is sniffed from the bytes
        return list(read_inputs(["-"], settings, stdin=io.BytesIO(data)))
    path = os.path.join(_STATE["folder"], f"input{os.getpid()}{SUFFIX[fmt]}")
    with open(path, "wb") as handle:
        handle.write(data)
    return list(read_inputs([path], settings))


def check(seed: int, index: int, analyse_share: float = 1.0) -> Outcome:
    """Read input ``index`` and (for ``analyse_share`` of the inputs) analyse what it
    yields; every problem becomes a failure."""
    from sitrep.errors import InputError

    fmt, data = make_input(seed, index, _STATE["shared"])
    rng = random.Random(f"{seed}:{index}:how")
    docs = errors = events = analysed = 0
    problems: list[str] = []
    settings, as_stdin = _limits(rng), rng.random() < 0.15
    analyse = rng.random() < analyse_share
    for item in _read(fmt, data, settings, as_stdin):
        if isinstance(item, InputError):
            errors += 1
            problems += error_problems(item)
            continue
        docs += 1
        problems += document_problems(item)
        if not analyse:
            continue
        analysed += 1
        analysis = _STATE["pipeline"].run(item)
        events += len(analysis.events)
        # the schema check costs as much as geoparsing: every tenth input is enough
        validator = _STATE["validator"] if index % 10 == 0 else None
        problems += analysis_problems(analysis, validator)
    return Outcome(docs, errors, analysed, events, tuple(problems))


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout()


def check_guarded(seed: int, index: int, timeout: float, analyse_share: float = 1.0) -> Outcome:
    """:func:`check` with any exception or a hang turned into a failure naming the input."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        outcome = check(seed, index, analyse_share)
    except Timeout:
        outcome = Outcome(failures=(f"took longer than {timeout} s",))
    except RecursionError:
        outcome = Outcome(failures=("RecursionError",))
    except Exception as exc:  # noqa: BLE001 - exactly what the fuzzer is looking for
        if os.environ.get("SITREP_DEBUG"):
            import traceback
            traceback.print_exc()
        outcome = Outcome(failures=(f"{type(exc).__name__}: {str(exc)[:200]}",))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return outcome


def run_chunk(args: tuple[int, int, int, float, float]
              ) -> tuple[Counter, list[tuple[int, str]]]:
    seed, start, stop, timeout, share = args
    totals: Counter = Counter()
    failures: list[tuple[int, str]] = []
    for index in range(start, stop):
        outcome = check_guarded(seed, index, timeout, share)
        totals.update(inputs=1, documents=outcome.documents, analysed=outcome.analysed,
                      events=outcome.events,
                      declared_errors=outcome.declared_errors,
                      failed_inputs=1 if outcome.failures else 0)
        failures += [(index, f) for f in outcome.failures]
    return totals, failures


# ---------------------------------------------------------------------------------- main

def fuzz(n: int, seed: int = 1, start: int = 0, workers: int = 2, timeout: float = 30.0,
         analyse_share: float = 1.0, chunk: int = 250, report: Callable[[str], None] = print
         ) -> tuple[Counter, list[tuple[int, str]]]:
    """Check inputs ``start .. start+n``; (counts, [(input index, failure)])."""
    jobs = [(seed, a, min(a + chunk, start + n), timeout, analyse_share)
            for a in range(start, start + n, chunk)]
    totals: Counter = Counter()
    failures: list[tuple[int, str]] = []
    began = time.monotonic()
    if workers <= 1:
        results: Iterator = map(run_chunk, jobs)
    else:  # fork: the workers share the gazetteer loaded above instead of loading their own
        pool = multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=20)
        results = pool.imap_unordered(run_chunk, jobs)
    for part, found in results:
        totals.update(part)
        failures += found
        elapsed = time.monotonic() - began
        report(f"{totals['inputs']:>7} inputs  {totals['documents']:>7} documents  "
               f"{totals['declared_errors']:>7} declared errors  {totals['analysed']:>7} analysed  "
               f"{len(failures)} failures  "
               f"{totals['inputs'] / max(elapsed, 1e-9):.0f} inputs/s")
    if workers > 1:
        pool.close()
        pool.join()
    return totals, sorted(failures)


def save_failures(folder: Path, seed: int, failures: list[tuple[int, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in sorted({i for i, _ in failures}):
        fmt, data = make_input(seed, index, _STATE["shared"])
        (folder / f"{seed}-{index}{SUFFIX[fmt]}").write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="how many inputs")
    ap.add_argument("--start", type=int, default=0, help="index of the first input")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds allowed per input")
    ap.add_argument("--analyse-share", type=float, default=1.0,
                    help="share of the inputs whose documents also go through the pipeline "
                         "(the readers see every input; the pipeline costs ~10x a read)")
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SITREP_SHARED",
                                                                         DEFAULT_SHARED)))
    ap.add_argument("--failures", type=Path,
                    default=Path(tempfile.gettempdir()) / "sitrep-fuzz-failures",
                    help="folder for the failing inputs (written only when there are some)")
    args = ap.parse_args(argv)
    setup(args.shared)
    began = time.monotonic()
    totals, failures = fuzz(args.n, args.seed, args.start, args.workers, args.timeout,
                            args.analyse_share)
    for index, failure in failures[:50]:
        print(f"FAIL input {index}: {failure}", file=sys.stderr)
    if failures:
        save_failures(args.failures, args.seed, failures)
    print(json.dumps({"seed": args.seed, "start": args.start, **totals,
                      "failures": len(failures), "seconds": round(time.monotonic() - began)}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
