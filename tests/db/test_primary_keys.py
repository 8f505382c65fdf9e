"""Primary keys: UUIDv7, in creation order, one at a time or many at once."""

from __future__ import annotations

import os
import time
import uuid

import pytest

from vocrehab.db.base import new_id, new_ids


def _is_uuid7(value: uuid.UUID) -> bool:
    return value.version == 7 and value.variant == uuid.RFC_4122


def test_ids_are_uuid7_in_order_one_at_a_time_or_many_at_once() -> None:
    before = time.time_ns() // 1_000_000
    ids = [new_id(), *new_ids(3), new_id(), *new_ids(1), *new_ids(0), new_id()]
    after = time.time_ns() // 1_000_000
    assert len(ids) == 7 and all(_is_uuid7(i) for i in ids)
    assert ids == sorted(set(ids))
    assert all(before <= i.int >> 80 <= after + 1 for i in ids)


def test_more_ids_than_a_millisecond_counts_borrow_the_next_millisecond() -> None:
    """12 counter bits: 4,096 ids per millisecond at most, then the next one's."""
    ids = new_ids(10_000)
    assert all(_is_uuid7(i) for i in ids)
    assert ids == sorted(set(ids)) and new_id() > ids[-1]
    assert (ids[-1].int >> 80) - (ids[0].int >> 80) >= 2


def test_many_ids_read_the_systems_randomness_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []
    system = os.urandom

    def urandom(size: int) -> bytes:
        reads.append(size)
        return system(size)

    monkeypatch.setattr(os, "urandom", urandom)
    ids = new_ids(50)
    assert len(reads) == 1 and len(set(ids)) == 50
    # All 62 random bits of each id come from that one read.
    assert len({i.int & ((1 << 62) - 1) for i in ids}) == 50
