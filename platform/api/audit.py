"""Naming the operation an access-log entry records (once per request)."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import FieldNode, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

__all__ = ["AuditOperation"]


class AuditOperation(SchemaExtension):
    """Tells the request's access recorder what the operation is: its type and
    name, or its root fields when it has no name ("query cases,viewer")."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        recorder = getattr(context, "recorder", None)
        document = self.execution_context.graphql_document
        if recorder is not None and document is not None:
            recorder.operation = _describe(
                document.definitions, self.execution_context.operation_name
            )
        yield


def _describe(definitions: object, wanted: str | None) -> str:
    for definition in definitions:  # type: ignore[attr-defined]
        if not isinstance(definition, OperationDefinitionNode):
            continue
        name = definition.name.value if definition.name else None
        if wanted is not None and name != wanted:
            continue
        fields = [
            s.name.value for s in definition.selection_set.selections if isinstance(s, FieldNode)
        ]
        return f"{definition.operation.value} {name or ','.join(fields)}"
    return "request"
