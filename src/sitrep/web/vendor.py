"""Refresh the vendored Leaflet build from the npm registry: ``python3 -m sitrep.web.vendor``.

The page never loads anything from a CDN: Leaflet's dist files (BSD-2-Clause, ~200 KB)
are committed under ``static/vendor/leaflet``. This module is the one documented way to
replace them with another release (``npm pack`` downloads the package tarball; nothing
runs from it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

FILES = ("dist/leaflet.js", "dist/leaflet.css", "LICENSE")


def vendor_leaflet(version: str, dest: Path) -> list[Path]:
    """Fetch ``leaflet@version`` with ``npm pack`` and copy its dist files into ``dest``."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"leaflet@{version}", "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tarball = next(Path(tmp).glob("leaflet-*.tgz"))
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, filter="data")  # "data": no absolute paths, links or devices
        pkg = Path(tmp) / "package"
        (dest / "images").mkdir(parents=True, exist_ok=True)
        written = []
        for name in FILES:
            written.append(Path(shutil.copy2(pkg / name, dest / Path(name).name)))
        for png in sorted((pkg / "dist" / "images").glob("*.png")):
            written.append(Path(shutil.copy2(png, dest / "images" / png.name)))
    return written


def main(argv: list[str]) -> int:
    version = argv[1] if len(argv) > 1 else "1.9.4"
    dest = Path(__file__).parent / "static" / "vendor" / "leaflet"
    for path in vendor_leaflet(version, dest):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
