"""Engine and sessions: one `Database` per application, built from a URL.

Writes are serialised where the database cannot do it itself. PostgreSQL
locks the rows a change depends on (`SELECT ... FOR UPDATE`), but SQLite
ignores row locks, and its default deferred transactions take the write lock
only at the first write: two check-then-write changes could both check before
either writes. So on SQLite every write transaction begins `IMMEDIATE` (it
holds the database's write lock from its first statement, across processes),
and writers of one process queue on an asyncio lock first, so that they wait
in order without holding a pooled connection. Reads stay concurrent: in WAL
mode they see the last commit and never wait for a writer.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from vocrehab.db.sql import plain_rows, row_shape

__all__ = [
    "SQLITE_BUSY_TIMEOUT_MS",
    "Database",
    "KnownRead",
    "KnownReads",
    "OperationConnection",
    "StatementCounter",
]

_log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite writer waits for another process's write transaction."""

_WRITE = "vocrehab_write"
"""Execution option marking a connection's transaction as a write transaction."""

_writing: ContextVar[Database | None] = ContextVar("vocrehab_writing", default=None)


class Database:
    """The engine and its session factories.

    Unit of work: a change runs in `transaction()` (one commit or one
    rollback; on SQLite one writer at a time); reads open short `session()`s,
    one per DataLoader batch, because an AsyncSession must never be shared by
    concurrently running resolvers.
    """

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 10) -> None:
        self.url = make_url(url)
        # orjson reads the JSON columns (details, names, step adjustments) ~5x faster
        # than the json module, and they are on every page of cases.
        # No ping on checkout (three round trips per operation on PostgreSQL): an
        # operation retries its first statement once on a connection found dead
        # (`OperationConnection.execute`); elsewhere a dead connection fails one
        # request, and SQLAlchemy then replaces every connection of the pool.
        kwargs: dict[str, Any] = {
            "echo": echo,
            "pool_pre_ping": False,
            "json_deserializer": orjson.loads,
        }
        if self.is_sqlite:
            _ensure_sqlite_dir(self.url)
        else:
            kwargs.update(pool_size=pool_size, max_overflow=pool_size)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_connect)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin)
        event.listen(self.engine.sync_engine, "before_cursor_execute", _count_statement)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self._writer = async_sessionmaker(
            self.engine, expire_on_commit=False, execution_options={_WRITE: True}
        )
        self._write_queue = asyncio.Lock() if self.is_sqlite else None
        self.reads = KnownReads(enabled=self.engine.dialect.driver == "asyncpg" and not echo)
        """Read statements run straight on the driver (`OperationConnection.rows`)."""

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessionmaker() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        if self._write_queue is None:
            async with self._writer() as session, session.begin():
                yield session
            return
        async with self.write_turn(), self._writer() as session, session.begin():
            yield session

    @asynccontextmanager
    async def write_turn(self) -> AsyncIterator[None]:
        """SQLite: this process's writers one at a time, in order (their BEGIN
        IMMEDIATE then waits only for other processes). Nothing on PostgreSQL."""
        if self._write_queue is None:
            yield
            return
        if _writing.get() is self:
            # The inner BEGIN IMMEDIATE would wait for the outer one forever.
            raise RuntimeError("a write transaction is already open in this task")
        async with self._write_queue:
            token = _writing.set(self)
            try:
                yield
            finally:
                _writing.reset(token)

    def operation(self, *, snapshot: bool) -> OperationConnection:
        """The one connection of one API operation (see `OperationConnection`)."""
        return OperationConnection(self, snapshot=snapshot)

    async def dispose(self) -> None:
        await self.engine.dispose()


class KnownRead:
    """A read statement as SQLAlchemy ran it once on PostgreSQL (`OperationConnection.rows`):
    its compiled form with the values it was compiled with, its positional SQL and
    parameter processors, and its columns' names and result processors."""

    __slots__ = (
        "binds",
        "compiled",
        "extracted",
        "make",
        "order",
        "plan",
        "shape",
        "sql",
        "statement",
    )

    def __init__(self, statement: Any, result: Any) -> None:
        context = result.context
        compiled = context.compiled
        metadata = result._metadata
        self.statement = statement
        self.compiled = compiled
        self.extracted = context.extracted_parameters
        self.sql: str = context.statement
        self.order: tuple[str, ...] = tuple(compiled.positiontup)
        self.binds: dict[str, Any] = dict(compiled._bind_processors)
        self.plan = _parameter_plan(compiled, self.extracted, self.order, self.binds)
        self.shape = row_shape(tuple(metadata._keys))
        self.make = _row_maker(self.shape, list(metadata._processors))

    @staticmethod
    def eligible(statement: Any, result: Any) -> bool:
        """A plain SELECT whose SQL does not change with its values, with a row shape."""
        context = getattr(result, "context", None)
        compiled = getattr(context, "compiled", None)
        metadata = getattr(result, "_metadata", None)
        return bool(
            isinstance(statement, sa.Select)
            and compiled is not None
            and compiled.positional
            and compiled.positiontup is not None
            and not compiled.literal_execute_params
            and not compiled.post_compile_params
            and not compiled.escaped_bind_names
            and getattr(context, "statement", None) == compiled.string
            and metadata is not None
            and not getattr(metadata, "_tuplefilter", None)
            and len(getattr(metadata, "_processors", ()))
            == len(getattr(metadata, "_keys", (None,)))
            and row_shape(tuple(metadata._keys)) is not None
        )

    def arguments(self, parameters: Any) -> list[Any]:
        """The driver's positional arguments for a run with `parameters`: the value given
        by its key (or name), else the one the statement was built with, each through
        its bind processor, as SQLAlchemy's `construct_params` would find them."""
        plan = self.plan
        if plan is not None and parameters:
            out = []
            for key, name, required, default, process in plan:
                if key in parameters:
                    value = parameters[key]
                elif name in parameters:
                    value = parameters[name]
                elif required:
                    return self._constructed(parameters)  # which says what is missing
                else:
                    value = default
                out.append(value if process is None else process(value))
            return out
        return self._constructed(parameters)

    def _constructed(self, parameters: Any) -> list[Any]:
        values = self.compiled.construct_params(
            parameters, extracted_parameters=self.extracted, escape_names=False
        )
        binds = self.binds
        out = []
        for name in self.order:
            value = values[name]
            process = binds.get(name)
            out.append(value if process is None else process(value))
        return out


def _parameter_plan(
    compiled: Any, extracted: Any, order: tuple[str, ...], processors: dict[str, Any]
) -> list[tuple[str, str, bool, Any, Any]] | None:
    """Per positional parameter: its bind's key and name, whether a value is required,
    the value the statement was built with, and its bind processor. None where
    SQLAlchemy works values out at each run (a callable value, collected parameters),
    so `construct_params` does it every time."""
    binds = {name: bind for bind, name in compiled.bind_names.items()}
    if getattr(compiled, "_collect_params", False) or any(bind.callable for bind in binds.values()):
        return None
    built = compiled.construct_params(
        None, extracted_parameters=extracted, escape_names=False, _check=False
    )
    if set(order) - binds.keys() or set(order) - built.keys():
        return None
    return [
        (binds[name].key, name, bool(binds[name].required), built[name], processors.get(name))
        for name in order
    ]


def _enum_lookup(process: Any) -> dict[Any, Any] | None:
    """For the result processor of an `Enum` column whose values come from the driver
    as they are stored (no processor before its own): the mapping it looks them up
    in. A value not in it still goes through the processor, which says so."""
    code = getattr(process, "__code__", None)
    if code is None or code is not _ENUM_PROCESSOR or process.__closure__ is None:
        return None
    cells = dict(zip(code.co_freevars, process.__closure__, strict=True))
    try:
        parent, enum = cells["parent_processor"].cell_contents, cells["self"].cell_contents
    except (KeyError, ValueError):
        return None
    lookup = getattr(enum, "_object_lookup", None)
    if parent is not None or not isinstance(enum, sa.Enum) or not isinstance(lookup, dict):
        return None
    return lookup


class _Probe(enum.Enum):
    A = "A"


_ENUM_PROCESSOR = sa.Enum(_Probe).result_processor(None, None).__code__  # type: ignore[arg-type]
"""The code of every `Enum` column's result processor (one closure per column)."""


def _row_maker(shape: Any, processors: list[Any]) -> Callable[[list[Any]], list[Any]]:
    """`make(records)`: the driver's records as rows of `shape`, each value through its
    result processor where it has one. Written out for the statement's columns, so a
    row costs one tuple and its processed values, not a loop over every column; an
    enum's value is looked up in place where its processor would only look it up."""
    names: dict[str, Any] = {"new": tuple.__new__, "shape": shape}
    values = []
    for index, process in enumerate(processors):
        lookup = _enum_lookup(process) if process is not None else None
        if process is None:
            values.append(f"r[{index}]")
        elif lookup is not None:
            names[f"p{index}"] = process
            names[f"e{index}"] = lookup
            values.append(
                f"(e{index}[v{index}] if (v{index} := r[{index}]) in e{index} "
                f"else p{index}(v{index}))"
            )
        else:
            names[f"p{index}"] = process
            values.append(f"p{index}(r[{index}])")
    row = f"({', '.join(values)},)" if values else "()"
    source = f"def make(records):\n    return [new(shape, {row}) for r in records]\n"
    exec(compile(source, "<row maker>", "exec"), names)  # our own source
    make: Callable[[list[Any]], list[Any]] = names["make"]
    return make


class KnownReads:
    """The statements `OperationConnection.rows` runs on the driver, by statement
    object (the loaders keep theirs), at most `size` of them, the oldest forgotten."""

    def __init__(self, enabled: bool, size: int = 512) -> None:
        self.enabled = enabled
        self.size = size
        self.driver_runs = 0
        """Runs that went straight to the driver."""
        self._known: dict[int, KnownRead] = {}

    def get(self, statement: Any) -> KnownRead | None:
        found = self._known.get(id(statement))
        return found if found is not None and found.statement is statement else None

    def learn(self, statement: Any, result: Any) -> None:
        if not KnownRead.eligible(statement, result):
            return
        if len(self._known) >= self.size:
            del self._known[next(iter(self._known))]
        self._known[id(statement)] = KnownRead(statement, result)


class OperationConnection:
    """One connection for everything one operation reads and writes.

    Acquired on first use and held until `close()`. Reads run in one
    transaction (with `snapshot`, REPEATABLE READ on PostgreSQL: every list
    level of a query sees the same moment); a write (`write()`) first ends the
    read transaction and runs in a transaction of its own, committed when the
    block ends or rolled back if it raises. Statements are serialised: an
    operation's loaders take turns on the connection, which a driver like
    asyncpg cannot share between concurrent statements.
    """

    def __init__(self, database: Database, *, snapshot: bool) -> None:
        self.database = database
        self.snapshot = snapshot
        self._conn: AsyncConnection | None = None
        self._lock = asyncio.Lock()
        self._statements = 0
        self._held = False
        self.writes = 0
        """Write blocks (`write()`) that ended without error so far."""

    @property
    def held(self) -> bool:
        """Whether the whole operation runs in one write transaction (`hold()`)."""
        return self._held

    @property
    def connected(self) -> bool:
        return self._conn is not None

    @property
    def dialect(self) -> sa.Dialect:
        return self.database.engine.dialect

    @property
    def statements(self) -> int:
        """SQL statements sent on this operation's connection so far."""
        return self._statements + (
            self._conn.sync_connection.info.get(STATEMENTS, 0)
            if self._conn is not None and self._conn.sync_connection is not None
            else 0
        )

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            conn = await self.database.engine.connect()
            assert conn.sync_connection is not None
            conn.sync_connection.info[STATEMENTS] = 0
            if self.snapshot and not self.database.is_sqlite:
                await conn.execution_options(isolation_level="REPEATABLE READ")
            self._conn = conn
        return self._conn

    async def rows(
        self, statement: Any, parameters: Any = None, *, kept: bool = False
    ) -> list[Any]:
        """The rows of a read statement, as named tuples (`db.sql.plain_rows`).

        The same as `plain_rows(await execute(...))`. On PostgreSQL, a statement
        object this process has run before (the loaders' statements are built once
        and kept) runs straight on the driver, inside the same transaction, with
        what SQLAlchemy worked out for it the first time: its SQL, the order and
        processing of its parameters, the processing of its columns. That skips
        SQLAlchemy's per-execution work and its `Row`s, about a tenth of a caseload
        page's CPU. Only `kept` statements are learnt (see `db.sql.read_rows`): one
        built per call would never be seen again. Any failure on that way runs the statement SQLAlchemy's way,
        which reports it as usual (a dead connection, a database error).
        """
        known = self.database.reads.get(statement)
        if known is not None and not self._held:
            found = await self._fetch(known, parameters)
            if found is not None:
                return found
        result = await self.execute(statement, parameters)
        if known is None and kept and self.database.reads.enabled:
            self.database.reads.learn(statement, result)
        return plain_rows(result)

    async def _fetch(self, known: KnownRead, parameters: Any) -> list[Any] | None:
        """`known` run on the driver; None where that way is closed (no transaction
        begun yet, the driver or SQLAlchemy not as expected, an error)."""
        async with self._lock:
            conn = self._conn
            if conn is None or conn.invalidated or not conn.in_transaction():
                return None
            # The pooled connection the transaction is on, as SQLAlchemy holds it (its
            # `get_raw_connection()` would look it up in a greenlet: one per statement).
            sync = conn.sync_connection
            fairy = getattr(sync, "_dbapi_connection", None)
            if fairy is None:
                return None
            adapted: Any = fairy.dbapi_connection
            if getattr(adapted, "_transaction", None) is None:
                return None  # SQLAlchemy begins the driver's transaction at its first statement
            try:
                arguments = known.arguments(parameters)
                async with adapted._execute_mutex:
                    prepared, _ = await adapted._prepare(
                        known.sql,
                        self.dialect._invalidate_schema_cache_asof,  # type: ignore[attr-defined]
                    )
                    records = await prepared.fetch(*arguments)
            except Exception as error:
                # Run SQLAlchemy's way, which reports it as usual. An error the server
                # reported has failed the transaction, and SQLAlchemy's run reports
                # that: the cause is logged here.
                _log.info("read on the driver failed, run through SQLAlchemy: %r", error)
                return None
            assert sync is not None
            sync.dispatch.before_cursor_execute(sync, None, known.sql, arguments, None, False)
            self.database.reads.driver_runs += 1
            return known.make(records)

    async def execute(self, statement: Any, parameters: Any = None) -> Any:
        """Run a read statement in the operation's read transaction.

        The operation's first statement is retried once on a new connection when
        the pooled one turns out dead (the database restarted since it was last
        used): nothing has happened yet, so nothing is repeated.
        """
        async with self._lock:
            first = self._conn is None
            conn = await self._connection()
            try:
                if not conn.in_transaction():
                    await conn.begin()
                return await conn.execute(statement, parameters)
            except sa.exc.DBAPIError as exc:
                if not (first and exc.connection_invalidated):
                    raise
            self._conn = None
            await conn.close()
            conn = await self._connection()
            await conn.begin()
            return await conn.execute(statement, parameters)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """An ORM session over the read transaction (for code written for sessions)."""
        async with self._lock:
            conn = await self._connection()
            if not conn.in_transaction():
                await conn.begin()
            session = AsyncSession(bind=conn, expire_on_commit=False, autoflush=False)
            try:
                yield session
            finally:
                await session.close()

    async def end_reads(self) -> None:
        """Commit the read transaction (if any): what comes next sees later commits.
        Nothing while the operation is held: its one transaction ends with `hold()`."""
        if self._held:
            return
        async with self._lock:
            if self._conn is not None and self._conn.in_transaction():
                await self._conn.commit()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A write transaction on the operation's connection, as an ORM session. On
        SQLite it waits for this process's writers before it (`write_turn`) and
        begins IMMEDIATE; it never takes a second connection, so operations
        waiting their turn cannot use up the pool that the writer needs.

        While the operation is held (`hold()`), a savepoint in its transaction
        instead: released when the block ends, rolled back to if it raises."""
        if self._held:
            async with self._savepoint() as session:
                yield session
            self.writes += 1
            return
        await self.end_reads()
        async with self.database.write_turn(), self._lock:
            conn = await self._connection()
            if self.database.is_sqlite:
                await conn.execution_options(**{_WRITE: True})
            elif self.snapshot:
                await conn.execution_options(isolation_level="READ COMMITTED")
            session = AsyncSession(bind=conn, expire_on_commit=False, autoflush=True)
            await conn.begin()
            try:
                yield session
                await session.flush()
            except BaseException:
                await session.close()
                await conn.rollback()
                raise
            finally:
                if self.database.is_sqlite:
                    await conn.execution_options(**{_WRITE: False})
            await session.close()
            await conn.commit()
        self.writes += 1

    @asynccontextmanager
    async def _savepoint(self) -> AsyncIterator[AsyncSession]:
        async with self._lock:
            assert self._conn is not None
            session = AsyncSession(
                bind=self._conn,
                expire_on_commit=False,
                autoflush=True,
                join_transaction_mode="create_savepoint",
            )
            try:
                yield session
                await session.commit()  # flushes, then releases the savepoint
            except BaseException:
                await session.rollback()
                raise
            finally:
                await session.close()

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[AsyncSession]:
        """The rest of the operation in one write transaction, committed when the
        block ends and rolled back if it raises: its reads see its writes, and each
        `write()` inside is a savepoint. For an operation whose changes must commit
        together with what it records about itself (an idempotent request's stored
        response). The session given runs statements of the caller's own, in turn
        with the operation's (not concurrently with them). On SQLite the block holds
        the database's write lock throughout."""
        await self.end_reads()
        async with self.database.write_turn():
            async with self._lock:
                conn = await self._connection()
                if self.database.is_sqlite:
                    await conn.execution_options(**{_WRITE: True})
                elif self.snapshot:
                    await conn.execution_options(isolation_level="READ COMMITTED")
                await conn.begin()
            session = AsyncSession(
                bind=conn,
                expire_on_commit=False,
                autoflush=True,
                join_transaction_mode="rollback_only",
            )
            self._held = True
            try:
                yield session
                await session.flush()
            except BaseException:
                self._held = False
                await session.close()
                async with self._lock:
                    if conn.in_transaction():
                        await conn.rollback()
                raise
            finally:
                self._held = False
                if self.database.is_sqlite:
                    await conn.execution_options(**{_WRITE: False})
            await session.close()
            async with self._lock:
                await conn.commit()

    transaction = write
    """The same, under the name `Database` gives it (see `core.work.unit_of_work`)."""

    async def close(self, *, commit: bool = True) -> None:
        """End the read transaction (committing what it wrote) and release the connection."""
        async with self._lock:
            conn, self._conn = self._conn, None
            if conn is None:
                return
            try:
                if conn.invalidated:  # the server closed it: nothing to end, or to count
                    await conn.rollback()
                    return
                if conn.sync_connection is not None:
                    self._statements += conn.sync_connection.info.get(STATEMENTS, 0)
                if conn.in_transaction():
                    await (conn.commit() if commit else conn.rollback())
            finally:
                await conn.close()


class StatementCounter:
    """Counts SQL statements sent through an engine (for tests and benchmarks)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine.sync_engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine.sync_engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)


STATEMENTS = "vocrehab.statements"


def _count_statement(conn: Any, *_: Any) -> None:
    """Counts statements per connection (`OperationConnection.statements`)."""
    conn.info[STATEMENTS] = conn.info.get(STATEMENTS, 0) + 1


def _ensure_sqlite_dir(url: sa.URL) -> None:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling begins (deferred) only before a
    # write statement; `_sqlite_begin` begins every transaction instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    """BEGIN IMMEDIATE for write transactions, BEGIN (a consistent snapshot) for reads.

    Sent on the driver's cursor, so statement counts stay comparable with
    PostgreSQL, whose driver begins without a statement.
    """
    write = connection.get_execution_options().get(_WRITE, False)
    cursor = connection.connection.cursor()
    try:
        cursor.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    finally:
        cursor.close()
