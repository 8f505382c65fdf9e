"""The SQL statements PostgreSQL itself sees per request, read from the server's
own log: `log_statement = 'all'` is set on the bench database only (ALTER
DATABASE ... SET, so only new sessions of that database log, and nothing on
the rest of the server changes), a freshly started server sends its requests,
and the lines the log gained for that database are counted. The log is read
through `pg_read_file`, so this needs a superuser, a `log_line_prefix` that
names the database (%d), and the log file's path: the logging collector's
current file, or Debian's /var/log/postgresql/postgresql-VERSION-CLUSTER.log
(BENCH_PG_LOG overrides). When any of that is missing it says why and counts
nothing. (pg_stat_statements would need a server restart to be loaded.)
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from processes import admin_sql
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

__all__ = ["StatementLog"]

_LINE = re.compile(r"@(?P<db>\S+) LOG:  (?:statement|execute [^:]*): (?P<sql>.*)")


@dataclass
class StatementLog:
    database_url: str
    path: str

    @classmethod
    def find(cls, database_url: str) -> StatementLog | str:
        """The log of the database's server, or why it cannot be read."""
        prefix, current, cluster, superuser = (
            str(v)
            for v in admin_sql(
                database_url,
                "SHOW log_line_prefix",
                "SELECT pg_current_logfile()",
                "SHOW cluster_name",
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
            )
        )
        if superuser != "True":
            return "reading the server log needs a superuser"
        if "%d" not in prefix:
            return f"log_line_prefix {prefix!r} does not name the database (%d)"
        path = os.environ.get("BENCH_PG_LOG")
        if not path and current != "None":
            path = current
        if not path and "/" in cluster:  # Debian's pg_ctlcluster names clusters VERSION/NAME
            path = f"/var/log/postgresql/postgresql-{cluster.replace('/', '-')}.log"
        if not path:
            return "no log file known: set BENCH_PG_LOG to the server's log"
        try:
            cls(database_url, path).size()
        except DBAPIError as exc:  # not there, or not readable by the server
            return f"cannot read the server log {path}: {exc.orig}"
        return cls(database_url, path)

    def size(self) -> int:
        return int(
            str(admin_sql(self.database_url, f"SELECT (pg_stat_file('{self.path}')).size")[0])
        )

    @contextmanager
    def logging(self) -> Iterator[None]:
        """Statements of new sessions of this database are logged inside the block."""
        name = make_url(self.database_url).database
        admin_sql(self.database_url, f"ALTER DATABASE \"{name}\" SET log_statement = 'all'")
        try:
            yield
        finally:
            admin_sql(self.database_url, f'ALTER DATABASE "{name}" RESET log_statement')

    def count(self, requests: int, send: Callable[[], object]) -> Counter[str]:
        """Statements by their first word (BEGIN, SELECT, ...) over `requests` calls of `send`."""
        start = self.size()
        for _ in range(requests):
            send()
        read = f"SELECT pg_read_file('{self.path}', {start}, {self.size() - start})"
        text = str(admin_sql(self.database_url, read)[0])
        name = make_url(self.database_url).database
        kinds: Counter[str] = Counter()
        for line in text.splitlines():
            found = _LINE.search(line)
            if found and found["db"] == name:
                kinds[(found["sql"].split() or ["(empty)"])[0].rstrip(";").upper()] += 1
        return kinds
