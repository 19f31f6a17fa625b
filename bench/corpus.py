"""A deterministic corpus of realistic war reports for benchmarks and scale tests.

Reports recombine real material from the shared data (read by path, never copied):
sentences of the five seed reports with their settlement names swapped for other real
settlements from the GeoNames dump, incident descriptions from the CIR events file with
their own towns and oblasts, and a publication date and outlet per report. Report ``i``
depends only on (seed, i), so the first 1,000 reports of a 10,000 corpus are the 1,000
corpus. The gold file is used only to know where the seeds name settlements.

    python3 -m bench.corpus 1000 /tmp/corpus     # writes 1000 .txt files (sample layout)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from sitrep.ids import doc_id_for
from sitrep.model import Document
from sitrep.nlp.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
# general-purpose list of outlets that report on the war (not tied to any seed)
OUTLETS = ("TASS", "RIA Novosti", "Izvestia", "Interfax", "Ukrainska Pravda", "Kyiv Independent",
           "Suspilne", "Reuters", "Associated Press", "BBC News", "Meduza", "RBC-Ukraine")
# oblasts where most fighting is reported (GeoNames admin1 codes): drawn from 80% of the time
FRONT_ADMIN1 = {"05", "14", "07", "26", "08", "04", "21"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SLOT = "\x00"  # marks where a settlement name goes in a templated seed sentence


@dataclass(frozen=True)
class Incident:
    description: str
    town: str
    province: str


@dataclass(frozen=True)
class Sources:
    titles: tuple[str, ...]  # templated seed titles
    sentences: tuple[str, ...]  # templated seed sentences
    front: tuple[str, ...]  # settlement names in front-line oblasts
    elsewhere: tuple[str, ...]  # settlement names elsewhere in Ukraine
    incidents: tuple[Incident, ...]


def _template(text: str, surfaces: list[str]) -> str:
    """``text`` with every whole-word settlement surface replaced by :data:`SLOT`."""
    for s in sorted(surfaces, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(s)}(?!\w)", SLOT, text)
    return text


def _seed_templates(shared: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    gold = json.loads((shared / "gold" / "seeds.json").read_text(encoding="utf-8"))
    titles: list[str] = []
    sentences: list[str] = []
    for entry in gold["documents"]:
        surfaces = [p["surface"] for p in entry["places"] if p.get("kind") == "settlement"]
        text = (shared / "seeds" / entry["file"]).read_text(encoding="utf-8")
        title, _, body = text.partition("\n")
        if not title.startswith("date "):
            titles.append(_template(title.strip(), surfaces))
        for s in split_sentences("seed", body):
            if len(s.span.text) > 30 and not s.span.text.startswith("date "):
                sentences.append(_template(" ".join(s.span.text.split()), surfaces))
    return tuple(titles), tuple(sentences)


def _settlements(shared: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    front: set[str] = set()
    other: set[str] = set()
    with zipfile.ZipFile(shared / "data" / "geonames" / "UA.zip") as z, z.open("UA.txt") as fh:
        for line in io.TextIOWrapper(fh, encoding="utf-8"):
            col = line.split("\t")
            if len(col) > 10 and col[6] == "P" and col[1].isascii() and " " not in col[1]:
                (front if col[10] in FRONT_ADMIN1 else other).add(col[1])
    return tuple(sorted(front)), tuple(sorted(other))


def _incidents(shared: Path) -> tuple[Incident, ...]:
    out: list[Incident] = []
    with (shared / "data" / "cir-events" / "events.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            desc = " ".join(row["brief description"].split()).rstrip(".")
            town, province = row["town/city"].strip(), row["province"].strip()
            if 15 < len(desc) < 300 and town and row["country"] == "Ukraine":
                out.append(Incident(desc, town, province))
    return tuple(out)


@lru_cache(maxsize=4)
def load_sources(shared: Path = DEFAULT_SHARED) -> Sources:
    titles, sentences = _seed_templates(shared)
    front, elsewhere = _settlements(shared)
    return Sources(titles, sentences, front, elsewhere, _incidents(shared))


def _fill(template: str, names: list[str], rng: random.Random) -> str:
    parts = template.split(SLOT)
    return parts[0] + "".join(rng.choice(names) + p for p in parts[1:])


def _incident_sentence(inc: Incident, day: date) -> str:
    where = f"{inc.town}, {inc.province}" if inc.province else inc.town
    return f"On {MONTHS[day.month - 1]} {day.day}, {inc.description[0].lower()}" \
           f"{inc.description[1:]} was reported in {where}."


def _body(src: Sources, names: list[str], published: date, rng: random.Random) -> list[str]:
    out: list[str] = []
    for _ in range(rng.randint(6, 22)):
        if rng.random() < 0.25:
            inc = rng.choice(src.incidents)
            out.append(_incident_sentence(inc, published - timedelta(days=rng.randint(0, 6))))
        else:
            out.append(_fill(rng.choice(src.sentences), names, rng))
    return out


def report(i: int, src: Sources, seed: int = 7) -> Document:
    """Report number ``i`` of the corpus (independent of how many are generated)."""
    rng = random.Random(seed * 1_000_003 + i)
    published = date(2022, 3, 1) + timedelta(days=rng.randrange(1400))
    outlet = rng.choice(OUTLETS)
    pool = src.front if rng.random() < 0.8 else src.elsewhere
    names = rng.sample(pool, rng.randint(1, 4))  # a report keeps returning to a few places
    title = _fill(rng.choice(src.titles), names, rng)
    sentences = _body(src, names, published, rng)
    sentences[0] = f"{outlet} reports: {sentences[0]}"
    paragraphs, k = [], 0
    while k < len(sentences):
        step = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[k:k + step]))
        k += step
    text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return Document(doc_id_for(title, text), f"bench/{i:06d}.txt", title, text, published, outlet)


def generate(n: int, shared: Path = DEFAULT_SHARED, seed: int = 7) -> list[Document]:
    src = load_sources(Path(shared))
    return [report(i, src, seed) for i in range(n)]


def write_dir(docs: list[Document], out: Path) -> None:
    """One .txt per report in the sample layout (title line, blank line, body)."""
    out.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (out / Path(d.input_id).name).write_text(d.text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = ap.parse_args(argv)
    write_dir(generate(args.n, args.shared, args.seed), args.out)
    print(f"{args.n} reports written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
