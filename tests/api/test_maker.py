"""`api.base.maker`: objects built from keyword arguments as their dataclass
`__init__` builds them, without running it."""

from __future__ import annotations

import dataclasses

import pytest

from vocrehab.api.actors import Actor
from vocrehab.api.base import PageInfo, maker
from vocrehab.api.orientation import Milestone
from vocrehab.api.planner import Planned
from vocrehab.hooks.categories import ALL_CATEGORIES
from vocrehab.hooks.vocabulary import ActorKind, StakeholderType


@pytest.mark.parametrize(
    ("cls", "values"),
    [
        (
            PageInfo,
            {
                "has_next_page": True,
                "has_previous_page": False,
                "start_cursor": "a",
                "end_cursor": None,
            },
        ),
        (
            Actor,
            {
                "_row": None,
                "id": "QWN0b3I6MQ",
                "kind": ActorKind.PERSON,
                "stakeholder_type": StakeholderType.CLINICIAN,
                "name": "Dr Lund",
                "organisation_number": None,
                "email": None,
            },
        ),
    ],
)
def test_built_as_init_builds(cls: type, values: dict[str, object]) -> None:
    made = maker(cls)(**values)
    assert type(made) is cls
    assert vars(made) == vars(cls(**values))


def test_defaults_and_a_fresh_planned_dict_per_object() -> None:
    make = maker(Actor)
    one, two = make(name="a"), make(name="b")
    assert one._planned == {} and one._planned is not two._planned
    assert one._visible == ALL_CATEGORIES and one._participant_id is None
    assert isinstance(one, Planned)
    given = {"k": 1}
    assert make(_planned=given)._planned is given


def test_a_field_without_default_is_left_unset_and_an_unknown_one_refused() -> None:
    made = maker(Milestone)(code="AAP")
    assert made.code == "AAP"
    assert not hasattr(made, "due_date")  # graphql-core then names the missing value
    with pytest.raises(TypeError):
        maker(Milestone)(cod="AAP")
    with pytest.raises(TypeError):
        maker(Milestone)("AAP")  # keywords only


def test_another_default_factory_cannot_be_built() -> None:
    @dataclasses.dataclass
    class Listed:
        items: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="default_factory"):
        maker(Listed)


def test_one_maker_per_type() -> None:
    assert maker(PageInfo) is maker(PageInfo)
