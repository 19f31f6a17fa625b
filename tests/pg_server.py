"""A throwaway PostgreSQL server for the tests: initdb + pg_ctl on a temp dir, loopback port.

Imported by ``conftest.py``. The server starts on first use (session scope) and is removed
at the end of the session. Tests skip with a clear reason only where the PostgreSQL server
binaries are not installed; any other failure to start is an error. PostgreSQL refuses to
run as root, so under root the server runs as the ``postgres`` system user.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

TEMPLATE = "sitrep_template"  # has the postgis extension (when installed): databases copy it
NOGIS_ROLE = "sitrep_plain"  # a non-superuser: CREATE EXTENSION postgis is refused for it


def find_bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(d.split("/")[-2]))
    return Path(dirs[-1]) if dirs and os.path.exists(f"{dirs[-1]}/initdb") else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    bin_dir: Path
    root: Path
    port: int = 0
    postgis: bool = False
    durable: bool = False  # tests trade durability for speed; benchmarks must not
    _names: Iterator[int] = field(default_factory=itertools.count)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        data = self.root / "data"
        done = self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust",
                         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr or done.stdout}")
        for _ in range(3):  # the port may be taken between probing and binding
            self.port = _free_port()
            opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                    f"{self.root} -c max_connections=200")
            if not self.durable:
                opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            done = self._run("pg_ctl", "-D", str(data), "-l", str(self.root / "log"), "-w",
                             "-t", "60", "-o", opts, "start")
            if done.returncode == 0:
                self._prepare()
                return
        log = (self.root / "log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"pg_ctl start failed: {done.stderr or done.stdout}\n{log}")

    def _prepare(self) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
            conn.execute(f"CREATE ROLE {NOGIS_ROLE} LOGIN")
        self.postgis = self._has_postgis()
        if self.postgis:
            with psycopg.connect(self.url(TEMPLATE), autocommit=True) as conn:
                conn.execute("CREATE EXTENSION postgis")

    def _has_postgis(self) -> bool:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            return conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'"
                                ).fetchone() is not None

    def url(self, dbname: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self, postgis: bool = True) -> str:
        """A fresh empty database; ``postgis=False``: owned by a role that cannot add PostGIS."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}"
        owner, template = (("postgres", TEMPLATE) if postgis else (NOGIS_ROLE, "template0"))
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} OWNER {owner} TEMPLATE {template}")
        return self.url(name, owner)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def _server_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    return root


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'sitrep[scale]'")
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed: "
                    "apt-get install postgresql postgresql-15-postgis-3 to run the PostgreSQL tests")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server as")
    server = PgServer(bin_dir, _server_root())
    server.start()
    yield server
    server.stop()


BACKENDS = ["sqlite", "postgis", "postgres-latlon"]


def backend_store(request, backend: str, sqlite_path: Path):
    """A store for one of BACKENDS: SQLite, PostgreSQL with PostGIS, PostgreSQL without it
    (the lat/lon fallback). The server starts on first use; PostGIS missing: a clear skip."""
    if backend == "sqlite":
        from sitrep.store.sqlite import SQLiteStore

        return SQLiteStore(sqlite_path)
    server = request.getfixturevalue("pg_server")  # skips, saying why, without psycopg
    from sitrep.store.postgres import PostgresStore

    if backend == "postgis" and not server.postgis:
        pytest.skip("PostGIS is not installed (apt-get install postgresql-15-postgis-3)")
    return PostgresStore(server.new_database(postgis=backend == "postgis"))
