"""The one operation pipeline: every GraphQL operation, over HTTP or WebSocket, and
every document download, passes the same steps.

1. **Prepare** the document: parsed and validated once and kept (bounded, by
   text and by persisted-query hash), with its limits (size, depth, aliases,
   tokens) applied before anything runs.
2. **Authenticate**: the bearer token is valid *now* — signature, expiry,
   issuer, key not retired (no database), then in the operation's own first
   statement its `jti` is not revoked, and the actor's organisation is read.
3. **A fresh context**: the principal, the operation's one database
   connection, an access recorder. Nothing is shared with another operation;
   each `subscribe` on a socket and each event a subscription delivers gets
   its own.
4. **Execute** with the planner (batched per list level) and the fast executor.
5. **Record**: the access log of what the operation showed is written before
   the result leaves, on the same connection; a mutation's in the mutation's
   own transaction, so a change never commits without its entries. Errors are
   classified (codes, masking) in `api.errors`.

`api.http` (GraphQL over HTTP), `api.ws` (graphql-transport-ws) and
`api.downloads` use it; nothing else builds a context.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import time
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    TypeInfo,
    TypeInfoVisitor,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
    visit,
)
from graphql.execution import execute, subscribe
from graphql.language import BREAK, DirectiveNode, FieldNode, VariableNode, Visitor
from graphql.type import is_abstract_type
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from vocrehab.api import idempotency as keys
from vocrehab.api.context import Context
from vocrehab.api.errors import INTERNAL, classify, unavailable
from vocrehab.api.executor import FastExecutor
from vocrehab.api.text import refused_query_text
from vocrehab.core import audit, idempotency
from vocrehab.core.access import admitted
from vocrehab.core.errors import Unauthenticated
from vocrehab.core.principal import Principal
from vocrehab.db.outage import DatabaseUnavailable

__all__ = ["Limits", "OperationError", "Pipeline", "Prepared"]

log = logging.getLogger("vocrehab.api")


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_document_bytes: int = 256 * 1024
    introspection: bool = True
    cache_bytes: int = 16 * 1024 * 1024
    """The parsed-document cache holds documents whose texts add up to at most this (and
    so does the cache of persisted queries by hash)."""


class OperationError(Exception):
    """A request that cannot run: answered with these errors (and this HTTP status)."""

    def __init__(self, errors: list[GraphQLError], status: int = 200) -> None:
        super().__init__(errors[0].message if errors else "operation refused")
        self.errors = errors
        self.status = status


def request_error(message: str, code: str, status: int = 400) -> OperationError:
    return OperationError([GraphQLError(message, extensions={"code": code})], status)


@dataclass(frozen=True)
class Prepared:
    """A parsed, validated document and the operation to run in it."""

    document: DocumentNode
    operation: OperationDefinitionNode
    kind: OperationType
    description: str
    """How the access log names it: "query Caseload", "mutation addCaseNote"."""
    selected: Mapping[str, frozenset[str]]
    """Type name -> the fields the operation selects on it (anywhere)."""
    refused: GraphQLError | None = None
    """For a query or subscription: a literal string no database could take."""
    plans: dict[Any, Any] | None = field(default=None, compare=False)
    """The planner's and the executor's plans of its selections, worked out by the first
    run and kept for the next ones (see `Context.plans`). None when a directive takes
    a variable (`@include(if: $x)`): the fields selected then change from run to run."""

    def check_text(self, variables: Mapping[str, Any] | None) -> None:
        """Refuses a query or subscription whose strings no database could take (NUL,
        a lone surrogate): mutations hold them to the whole text policy instead."""
        if self.kind is OperationType.MUTATION:
            return
        refused = self.refused or (refused_query_text(None, variables) if variables else None)
        if refused is not None:
            raise OperationError([refused])


_OPERATIONS_KEPT = 8
"""Prepared operations kept per document (one per operation name asked for)."""


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


@dataclass
class _Parsed:
    """One document text's parse (or its syntax error) and the operations prepared
    from it: evicted together, so nothing kept outlives its document."""

    document: DocumentNode | GraphQLError
    size: int
    prepared: dict[str | None, Prepared | OperationError] = field(default_factory=dict)


class Documents:
    """Parsing and validation, done once per document text and kept, bounded in bytes.

    Persisted queries (Apollo's APQ protocol): a client sends the SHA-256 of its
    query; a known hash skips even the upload. With trusted documents configured
    (`hash -> query`), only those are known, and with `trusted_only` nothing else
    runs.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        limits: Limits,
        trusted: Mapping[str, str] | None = None,
        trusted_only: bool = False,
    ) -> None:
        self.schema = schema
        self.limits = limits
        self.trusted = dict(trusted or {})
        self.trusted_only = trusted_only
        self.rules = [
            *specified_rules,
            OneOfInputValidationRule,
            depth_rule(limits.max_depth, None, None),
            aliases_rule(limits.max_aliases),
        ]
        if not limits.introspection:
            from graphql.validation import NoSchemaIntrospectionCustomRule

            self.rules.append(NoSchemaIntrospectionCustomRule)
        self._parsed: OrderedDict[str, _Parsed] = OrderedDict()
        self._bytes = 0
        self._persisted: OrderedDict[str, str] = OrderedDict()
        self._persisted_bytes = 0

    def text(self, query: str | None, extensions: Mapping[str, Any] | None) -> str:
        """The document text, from the request or by its persisted hash."""
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            if self.trusted_only:
                raise request_error(
                    "this server runs trusted documents only: send extensions.persistedQuery",
                    "PERSISTED_QUERY_REQUIRED",
                )
            if not isinstance(query, str) or not query.strip():
                raise request_error("the request has no query", "BAD_REQUEST")
            return self._sized(query)
        if not isinstance(persisted, Mapping) or persisted.get("version") != 1:
            raise request_error("persistedQuery must be {version: 1, sha256Hash}", "BAD_REQUEST")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or len(digest) != 64:
            raise request_error("persistedQuery.sha256Hash must be 64 hex digits", "BAD_REQUEST")
        known = self.trusted.get(digest) or self._persisted.get(digest)
        if query is None:
            if known is None:
                # Apollo clients recognise this message and send the query with its hash.
                raise request_error("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND", 200)
            if digest in self._persisted:
                self._persisted.move_to_end(digest)
            return known
        if self.trusted_only and digest not in self.trusted:
            raise request_error("this document is not a trusted one", "PERSISTED_QUERY_NOT_FOUND")
        text = self._sized(query)
        if hashlib.sha256(text.encode()).hexdigest() != digest:
            raise request_error("the query does not match its sha256Hash", "BAD_REQUEST")
        self._remember(digest, text)
        return text

    def _sized(self, query: str) -> str:
        longest = self.limits.max_document_bytes
        if len(query) * 4 > longest and _size(query) > longest:  # at most 4 bytes a character
            raise request_error(
                f"the query document is larger than {self.limits.max_document_bytes} bytes",
                "PAYLOAD_TOO_LARGE",
                413,
            )
        return query

    def _remember(self, digest: str, text: str) -> None:
        if digest in self._persisted:
            self._persisted.move_to_end(digest)
            return
        self._persisted[digest] = text
        self._persisted_bytes += _size(text)
        while self._persisted_bytes > self.limits.cache_bytes and len(self._persisted) > 1:
            _, old = self._persisted.popitem(last=False)
            self._persisted_bytes -= _size(old)

    @property
    def held_bytes(self) -> int:
        """The size of the document texts the caches hold (parsed, and persisted by hash)."""
        return self._bytes + self._persisted_bytes

    def prepare(self, text: str, operation_name: str | None) -> Prepared:
        parsed = self._parse(text)
        found = parsed.prepared.get(operation_name)
        if found is None:
            assert not isinstance(parsed.document, GraphQLError)
            found = self._prepare(parsed.document, operation_name)
            if len(parsed.prepared) < _OPERATIONS_KEPT:  # names a client made up are not kept
                parsed.prepared[operation_name] = found
        if isinstance(found, OperationError):
            raise found
        return found

    def _parse(self, text: str) -> _Parsed:
        """The parsed document of a text, kept with what was prepared from it: the least
        recently used ones go first once the texts kept add up to `cache_bytes`."""
        found = self._parsed.get(text)
        if found is not None:
            self._parsed.move_to_end(text)
        else:
            try:
                document: DocumentNode | GraphQLError = parse(
                    text, max_tokens=self.limits.max_tokens
                )
            except GraphQLError as error:
                document = error
            found = _Parsed(document, _size(text))
            self._parsed[text] = found
            self._bytes += found.size
            while self._bytes > self.limits.cache_bytes and len(self._parsed) > 1:
                _, old = self._parsed.popitem(last=False)
                self._bytes -= old.size
        if isinstance(found.document, GraphQLError):
            raise OperationError([_coded(found.document, "GRAPHQL_PARSE_FAILED")])
        return found

    def _prepare(self, document: DocumentNode, name: str | None) -> Prepared | OperationError:
        errors = validate(self.schema, document, self.rules)
        if errors:
            return OperationError([_coded(e, "GRAPHQL_VALIDATION_FAILED") for e in errors])
        operation = get_operation_ast(document, name)
        if operation is None:
            message = f"no operation named {name!r}" if name else "name the operation to run"
            return request_error(message, "GRAPHQL_VALIDATION_FAILED", 200)
        return Prepared(
            document=document,
            operation=operation,
            kind=operation.operation,
            description=_describe(operation),
            selected=_selected(self.schema, document),
            refused=refused_query_text(document, None),
            plans=None if _variable_directives(document) else {},
        )


_IN_USE = "a request with this Idempotency-Key is still running; retry later"
_REUSED = "this Idempotency-Key was used for a different request; use a new key for a new request"


class _NotKept(Exception):
    def __init__(self, result: ExecutionResult) -> None:
        super().__init__("not kept")
        self.result = result


def _unexpected(result: ExecutionResult) -> bool:
    return any((e.extensions or {}).get("code") == INTERNAL for e in result.errors or ())


def _coded(error: GraphQLError, code: str) -> GraphQLError:
    return GraphQLError(
        error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        extensions={"code": code},
    )


def _describe(operation: OperationDefinitionNode) -> str:
    name = operation.name.value if operation.name else None
    fields = [s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)]
    return f"{operation.operation.value} {name or ','.join(fields)}"[:300]


def _selected(schema: GraphQLSchema, document: DocumentNode) -> dict[str, frozenset[str]]:
    """Every field the document selects, by the type it is selected on (an interface's
    fields count for each type implementing it)."""
    found: dict[str, set[str]] = {}
    info = TypeInfo(schema)

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            parent = info.get_parent_type()
            if parent is None:
                return
            names = [parent.name]
            if is_abstract_type(parent):
                names += [t.name for t in schema.get_possible_types(parent)]  # type: ignore[arg-type]
            for name in names:
                found.setdefault(name, set()).add(node.name.value)

    visit(document, TypeInfoVisitor(info, Collect()))
    return {name: frozenset(fields) for name, fields in found.items()}


def _variable_directives(document: DocumentNode) -> bool:
    """Whether a directive anywhere in the document takes a variable."""

    class Find(Visitor):
        found = False

        def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
            if any(isinstance(argument.value, VariableNode) for argument in node.arguments or ()):
                self.found = True
                return BREAK
            return None

    finder = Find()
    visit(document, finder)
    return finder.found


# ---------------------------------------------------------------------- running


@dataclass
class Outcome:
    """What an operation produced, ready for a transport."""

    result: ExecutionResult
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class Pipeline:
    def __init__(self, services: Any, documents: Documents) -> None:
        """`services`: what the application holds (`vocrehab.app.Services`)."""
        self.services = services
        self.documents = documents
        self.running_keys = keys.RunningKeys()

    @property
    def schema(self) -> GraphQLSchema:
        return self.documents.schema

    async def principal(self, token: str | None) -> tuple[Principal, bool]:
        """Step 2 without the database: the token's principal, or Unauthenticated."""
        if not token:
            raise Unauthenticated("missing bearer token", "missing")
        services = self.services
        return await services.validator.verify(token, services.clock.now())

    def context(
        self,
        principal: Principal,
        request_id: str,
        transport: str,
        *,
        snapshot: bool = True,
        prepared: Prepared | None = None,
        operation: str | None = None,
    ) -> Context:
        """Step 3: a fresh context for one operation."""
        description = operation or (prepared.description if prepared else transport)
        return Context(
            services=self.services,
            principal=principal,
            request_id=request_id,
            db=self.services.db.operation(snapshot=snapshot),
            recorder=audit.AccessRecorder(principal, request_id, description),
            transport=transport,
            selected=dict(prepared.selected) if prepared else {},
            plans=prepared.plans if prepared else None,
        )

    async def admit(self, ctx: Context, own_token: bool) -> None:
        """Step 2, in the operation's first statement: not revoked; the organisation."""
        principal = ctx.principal
        denylist = self.services.validator.denylist
        if own_token and denylist is not None and principal.token_id in denylist.known_revoked():
            raise Unauthenticated("token revoked", "revoked")
        current = await admitted(ctx.db, principal, own_token)
        if current is None:
            if denylist is not None and principal.token_id:
                denylist.remember(principal.token_id)
            raise Unauthenticated("token revoked", "revoked")
        ctx.principal = current
        ctx.recorder.principal = current

    async def check(self, token: str | None) -> Principal:
        """Whether a token is valid now (a socket's, between operations)."""
        principal, own = await self.principal(token)
        ctx = self.context(principal, "check", "websocket", snapshot=False)
        try:
            await self.admit(ctx, own)
        finally:
            await ctx.db.close()
        return ctx.principal

    async def event_context(self, subscription: Context) -> Context:
        """A fresh context for one event a subscription delivers, its token re-checked:
        the event is an operation of its own (its reads, its access-log entry)."""
        params = subscription.connection_params or {}
        principal, own = await self.principal(params.get("token"))
        ctx = self.context(
            principal,
            uuid.uuid4().hex,
            "websocket",
            snapshot=True,
            operation=subscription.recorder.operation,
        )
        ctx.selected = subscription.selected
        try:
            await self.admit(ctx, own)
        except BaseException:
            await ctx.db.close(commit=False)
            raise
        return ctx

    async def finish(self, ctx: Context) -> None:
        """Step 5: the access log of what the operation showed, then release."""
        try:
            await self.record(ctx)
        finally:
            await ctx.db.close()

    async def record(self, ctx: Context) -> None:
        """The access log of what the operation showed, on its connection."""
        if not ctx.recorder:
            return
        now = self.services.clock.now()
        if self.services.db.is_sqlite:
            # A read transaction cannot become a writer once another connection
            # has written since it began (SQLITE_BUSY_SNAPSHOT): write apart.
            await ctx.db.end_reads()
            async with ctx.db.write() as session:
                await audit.write_entries(session, ctx.recorder, now)
        else:  # in the read transaction, on its connection: no ORM session needed
            await audit.write_entries(ctx.db, ctx.recorder, now)

    async def run(
        self,
        *,
        token: str | None,
        query: str | None,
        variables: Mapping[str, Any] | None,
        operation_name: str | None,
        extensions: Mapping[str, Any] | None,
        request_id: str,
        transport: str,
        allowed: frozenset[OperationType] = frozenset(OperationType),
        connection_params: dict[str, Any] | None = None,
        verified: tuple[Principal, bool] | None = None,
        idempotency_key: str | None = None,
    ) -> ExecutionResult:
        """One query or mutation, start to end. Raises OperationError and
        Unauthenticated before anything runs. `verified`: the token's principal
        (`principal(token)`), when the transport has already asked for it.
        `idempotency_key`: a mutation runs once per key (`run_once`); raises
        Replayed when it ran before. A query ignores it."""
        started = time.perf_counter()
        principal, own = verified or await self.principal(token)
        text = self.documents.text(query, extensions)
        prepared = self.documents.prepare(text, operation_name)
        prepared.check_text(variables)
        if prepared.kind not in allowed:
            raise request_error(
                f"{prepared.kind.value} operations are not allowed here (use POST)",
                "METHOD_NOT_ALLOWED",
                405,
            )
        if prepared.kind is OperationType.SUBSCRIPTION:
            raise request_error(
                "subscriptions run over a WebSocket (graphql-transport-ws)", "BAD_REQUEST"
            )
        ctx = self.context(
            principal,
            request_id,
            transport,
            snapshot=prepared.kind is OperationType.QUERY,
            prepared=prepared,
        )
        ctx.connection_params = connection_params
        once = idempotency_key is not None and prepared.kind is OperationType.MUTATION
        try:
            await self.admit(ctx, own)
            if once:
                request = {"query": text, "operationName": operation_name, "variables": variables}
                outcome = await self.run_once(prepared, variables, ctx, idempotency_key, request)
            elif prepared.kind is OperationType.MUTATION:
                outcome = await self.mutate(prepared, variables, ctx)
            else:
                outcome = await self.execute(prepared, variables, ctx)
        except BaseException:
            await ctx.db.close(commit=False)
            raise
        await self.finish(ctx)
        metrics = getattr(self.services, "metrics", None)
        if metrics is not None:
            name = prepared.operation.name.value if prepared.operation.name else None
            metrics.observe(name, prepared.kind.value, started, ctx.db.statements)
        if isinstance(outcome, keys.Kept):
            raise keys.Replayed(outcome)
        return outcome

    async def run_once(
        self,
        prepared: Prepared,
        variables: Mapping[str, Any] | None,
        ctx: Context,
        key: Any,
        request: dict[str, Any],
    ) -> ExecutionResult | keys.Kept:
        """A mutation sent with an idempotency key: run, its response kept in the same
        transaction as its changes (`core.idempotency`), unless it ran before: then the
        kept response, whose access-log entries the caller writes again. A result that
        changed nothing and failed unexpectedly is not kept: a retry runs it again."""
        owner = idempotency.owner_of(ctx.principal)
        fingerprint = idempotency.fingerprint(request)
        with self.running_keys.running(owner, key) as first:
            if not first:
                raise request_error(_IN_USE, keys.IN_USE, 409)
            try:
                async with ctx.db.hold() as session:
                    now = self.services.clock.now()
                    stored = await idempotency.claim(session, owner, key, fingerprint, now)
                    if stored is None:
                        result = await self.execute(prepared, variables, ctx)
                        if not ctx.db.writes and _unexpected(result):
                            raise _NotKept(result)
                        kept = keys.Kept.of(result, ctx.recorder).dumps()
                        await self.record_now(ctx)
                        keep = timedelta(hours=self.services.settings.idempotency_key_hours)
                        await idempotency.store(session, owner, key, fingerprint, kept, now, keep)
            except idempotency.KeyInUse:
                raise request_error(_IN_USE, keys.IN_USE, 409) from None
            except idempotency.KeyReused:
                raise request_error(_REUSED, keys.REUSED, 422) from None
            except _NotKept as not_kept:
                return not_kept.result
        if stored is not None:
            replay = keys.Kept.loads(stored)
            replay.shown_to(ctx.recorder)
            return replay
        self.after_commit(ctx)  # committed now, with the kept response
        return result

    async def mutate(
        self, prepared: Prepared, variables: Mapping[str, Any] | None, ctx: Context
    ) -> ExecutionResult:
        """A mutation operation in one transaction with its access-log entries: what
        it changed and what its payload showed commit together or not at all (the
        database failing before the entries are written undoes the change, and the
        caller is told it failed). Each root field's change is a savepoint in it,
        undone alone when that field fails."""
        async with ctx.db.hold():
            result = await self.execute(prepared, variables, ctx)
            await self.record_now(ctx)
        self.after_commit(ctx)
        return result

    async def record_now(self, ctx: Context) -> None:
        """The access log of what the operation showed so far, in its held transaction;
        what it shows later (nothing, for a mutation) is recorded when it finishes."""
        await self.record(ctx)
        ctx.recorder = audit.AccessRecorder(ctx.principal, ctx.request_id, ctx.recorder.operation)

    def after_commit(self, ctx: Context) -> None:
        """The operation's transaction committed: its outbox rows may leave now."""
        if ctx.outbox_written:
            ctx.outbox_written = False
            ctx.wake_dispatcher()

    async def execute(
        self, prepared: Prepared, variables: Mapping[str, Any] | None, ctx: Context
    ) -> ExecutionResult:
        result = execute(
            self.schema,
            prepared.document,
            context_value=ctx,
            variable_values=dict(variables or {}),
            operation_name=prepared.operation.name.value if prepared.operation.name else None,
            executor_class=FastExecutor,
        )
        if not isinstance(result, ExecutionResult):
            result = await result
        if result.errors:
            result = ExecutionResult(result.data, classify(result.errors, ctx.request_id))
            if unavailable(result.errors):
                raise DatabaseUnavailable  # the whole reply is a 503 (vocrehab.failures)
        return result

    async def stream(
        self,
        *,
        token: str | None,
        query: str | None,
        variables: Mapping[str, Any] | None,
        operation_name: str | None,
        extensions: Mapping[str, Any] | None,
        request_id: str,
        connection_params: dict[str, Any] | None = None,
    ) -> AsyncIterator[ExecutionResult]:
        """An operation over a socket: one result for a query or mutation; one per
        event for a subscription, each event checked and recorded as its own operation."""
        principal, own = await self.principal(token)
        prepared = self.documents.prepare(self.documents.text(query, extensions), operation_name)
        prepared.check_text(variables)
        if prepared.kind is not OperationType.SUBSCRIPTION:
            yield await self.run(
                token=token,
                query=query,
                variables=variables,
                operation_name=operation_name,
                extensions=extensions,
                request_id=request_id,
                transport="websocket",
                connection_params=connection_params,
            )
            return
        ctx = self.context(principal, request_id, "websocket", snapshot=False, prepared=prepared)
        ctx.connection_params = dict(connection_params or {}, token=token, own=own)
        try:
            await self.admit(ctx, own)
        finally:
            await ctx.db.close()
        source: Any = subscribe(
            self.schema,
            prepared.document,
            context_value=ctx,
            variable_values=dict(variables or {}),
            operation_name=prepared.operation.name.value if prepared.operation.name else None,
        )
        if inspect.isawaitable(source):  # a refusal before the stream (FORBIDDEN) comes at once
            source = await source
        if isinstance(source, ExecutionResult):
            yield ExecutionResult(source.data, classify(source.errors or [], request_id))
            return
        try:
            async for result in source:
                if result.errors:
                    result = ExecutionResult(result.data, classify(result.errors, request_id))
                yield result
        except (Unauthenticated, OperationError):
            raise
        except Exception as exc:
            if type(exc).__name__ == "SessionEnded":
                raise
            # The subscription itself failed (a case that is not there, a bad argument):
            # one result with the error ends the stream, as graphql-core reports it.
            error = (
                exc if isinstance(exc, GraphQLError) else GraphQLError(str(exc), original_error=exc)
            )
            yield ExecutionResult(None, classify([error], request_id))
        finally:
            await source.aclose()  # type: ignore[attr-defined]
