"""The access log's hash format: RFC 6962 Merkle roots, entry and batch hashes."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from vocrehab.db.access_log import GENESIS, batch_digest, entry_digest, merkle_root
from vocrehab.hooks.vocabulary import StakeholderType


def rfc6962_root(leaves: list[bytes]) -> bytes:
    """MTH as RFC 6962 section 2.1 defines it, recursively."""
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + rfc6962_root(leaves[:k]) + rfc6962_root(leaves[k:])).digest()


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 100])
def test_the_root_is_rfc_6962s(size: int) -> None:
    hashes = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(size)]
    assert merkle_root(hashes) == rfc6962_root([bytes.fromhex(h) for h in hashes]).hex()


def test_the_root_depends_on_every_leaf_and_their_order() -> None:
    hashes = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(5)]
    root = merkle_root(hashes)
    assert merkle_root(hashes[:4]) != root
    assert merkle_root([hashes[1], hashes[0], *hashes[2:]]) != root
    assert merkle_root([*hashes, hashes[-1]]) != root
    assert merkle_root([]) == hashlib.sha256(b"").hexdigest()


ENTRY = {
    "id": uuid.UUID("01900000-0000-7000-8000-000000000001"),
    "at": datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    "request_id": "r1",
    "participant_id": uuid.UUID("01900000-0000-7000-8000-000000000002"),
    "subject": "ACT_x",
    "actor_id": None,
    "client_id": "desk",
    "stakeholder_type": StakeholderType.CASE_MANAGER,
    "operation": "query Caseload",
    "categories": ["PLAN", "CONTACT"],
}


def test_an_entry_hashes_the_same_however_a_driver_returns_it() -> None:
    digest = entry_digest(ENTRY)
    oslo = timezone(timedelta(hours=1))
    same = {
        **ENTRY,
        "at": ENTRY["at"].astimezone(oslo),
        "stakeholder_type": "CASE_MANAGER",
        "categories": ["CONTACT", "PLAN"],
    }
    assert entry_digest(same) == digest
    with pytest.raises(ValueError, match="timezone-aware"):
        entry_digest({**ENTRY, "at": datetime(2026, 3, 2, 9, 0)})


def test_a_batch_hash_covers_its_fields_and_the_batch_before() -> None:
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    root = merkle_root([entry_digest(ENTRY)])
    digest = batch_digest(GENESIS, 1, 1, root, at)
    assert digest != batch_digest("1" * 64, 1, 1, root, at)
    assert digest != batch_digest(GENESIS, 2, 1, root, at)
    assert digest != batch_digest(GENESIS, 1, 2, root, at)
    assert digest != batch_digest(GENESIS, 1, 1, GENESIS, at)
    assert digest != batch_digest(GENESIS, 1, 1, root, at + timedelta(microseconds=1))
