"""Directory inputs: which files are reports, in a deterministic order.

Files are visited recursively in sorted path order (entries of each folder sorted by name,
files and subfolders interleaved, a subfolder's files where its name sorts). Skipped: hidden
files and folders (a leading dot), folders reached through symlinks (no loops), files whose
extension is not a report format (images, archives, code, ``.json`` ...), and project
paperwork whose name starts README, LICENSE, CHANGELOG and the like (``README.md``).
Files without an extension are read and sniffed.
"""

from __future__ import annotations

import os
from typing import Iterator

from sitrep.errors import InputError
from sitrep.ingest.sniff import EXTENSIONS

_PAPERWORK = ("readme", "license", "licence", "changelog", "copying", "notice", "authors",
              "contributing")


def is_report_name(name: str) -> bool:
    stem, ext = os.path.splitext(name)
    if name.startswith(".") or stem.lower().startswith(_PAPERWORK):
        return False
    return ext == "" or ext.lower() in EXTENSIONS


def iter_report_files(root: str) -> Iterator[str | InputError]:
    """Paths (joined onto ``root`` as given) of the report files under it, sorted."""
    try:
        with os.scandir(root) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputError(root, f"cannot list directory: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(root, entry.name)
        kind = _kind(entry)
        if kind == "dir":
            yield from iter_report_files(path)
        elif kind == "file" and is_report_name(entry.name):
            yield path  # a dangling link too: reading it then says what is wrong


def _kind(entry: os.DirEntry) -> str:
    """"dir" for a real folder, "link-dir" for a symlinked one (not followed), else "file"."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        return "link-dir" if entry.is_symlink() and entry.is_dir() else "file"
    except OSError:
        return "file"
