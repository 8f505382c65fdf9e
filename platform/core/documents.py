"""Who may read a stored document (AUTHZ.md, DOCUMENTS: employers and providers
see their own kinds only)."""

from __future__ import annotations

from vocrehab.core.policy import OWN_DOCUMENTS_ONLY, CaseAccess
from vocrehab.core.principal import Principal
from vocrehab.db import models as m
from vocrehab.hooks.types import DocumentKindInfo
from vocrehab.hooks.vocabulary import DataCategory

__all__ = ["document_visible"]


def document_visible(
    row: m.Document, kind: DocumentKindInfo | None, access: CaseAccess, principal: Principal
) -> bool:
    if not access.sees(DataCategory.DOCUMENTS):
        return False
    if access.sees_all_documents():
        return True
    if row.created_by_id is not None and row.created_by_id in principal.acting_ids:
        return True
    audiences = set(kind.audiences) if kind else set()
    return bool(audiences & (access.roles & OWN_DOCUMENTS_ONLY))
