"""A throwaway PostgreSQL server on loopback, for tests and benches.

``initdb`` + ``pg_ctl`` into a temporary folder, listening on 127.0.0.1 on a free port, trust
authentication (nothing but this machine can reach it), fsync off; stopped and deleted after.
As root (CI), the server runs as the ``postgres`` user, since initdb refuses root.

``python tests/pgserver.py`` starts one and prints its URL until interrupted (for benches
and for trying the bot by hand). ``tools/ensure_postgres.sh`` installs PostgreSQL where it is
missing.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_bin(name: str) -> str:
    """initdb / pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    raise PostgresUnavailable(
        f"PostgreSQL's {name} is not installed: run tools/ensure_postgres.sh "
        "(apt-get install postgresql) first."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self) -> None:
        self.port = 0
        self.folder: Path | None = None
        self._as: list[str] = []

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._as, *args], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            raise PostgresUnavailable(
                f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()[-800:]}"
            )

    def start(self) -> PgServer:
        initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        self.folder = Path(tempfile.mkdtemp(prefix="policywatch-pg-"))
        if os.geteuid() == 0:
            # initdb refuses root: the data folder belongs to the postgres user.
            import pwd

            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable(
                    "running as root, and there is no postgres user to run the server as "
                    "(apt-get install postgresql creates it)"
                ) from None
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        data = self.folder / "data"
        self._run(initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.port = free_port()
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._run(pg_ctl, "-D", str(data), "-o", options, "-l", str(self.folder / "log"), "-w",
                  "-t", "60", "start")  # fmt: skip
        return self

    def stop(self) -> None:
        if self.folder is None:
            return
        data = self.folder / "data"
        with contextlib.suppress(Exception):
            self._run(find_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


def main() -> int:
    server = PgServer().start()
    print(server.url("postgres"), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
