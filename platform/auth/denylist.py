"""Revoked access tokens, as the token validator sees them.

One primary-key lookup per request on `oauth_access_tokens`, so a revocation
holds at once on every worker (API operations make it in their own first
statement, `core.access.admitted`). A `jti` found revoked is remembered in the
process (it stays revoked), so a client that keeps sending a revoked token
costs no further queries.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Container

import sqlalchemy as sa

from vocrehab.db import models as m
from vocrehab.db.engine import Database

__all__ = ["AccessTokenDenylist"]


class AccessTokenDenylist:
    REMEMBERED = 10_000

    def __init__(self, database: Database) -> None:
        self.database = database
        self._revoked: OrderedDict[str, None] = OrderedDict()

    async def is_revoked(self, token_id: str) -> bool:
        if token_id in self._revoked:
            return True
        async with self.database.session() as session:
            revoked_at = await session.scalar(
                sa.select(m.OAuthAccessToken.revoked_at).where(m.OAuthAccessToken.jti == token_id)
            )
        if revoked_at is None:
            return False
        self.remember(token_id)
        return True

    def known_revoked(self) -> Container[str]:
        """The jtis this process has seen revoked (they stay revoked)."""
        return self._revoked

    def remember(self, token_id: str) -> None:
        self._revoked[token_id] = None
        if len(self._revoked) > self.REMEMBERED:
            self._revoked.popitem(last=False)
