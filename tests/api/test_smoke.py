from support import Api, World, admin, as_actor, gid

from vocrehab.hooks.vocabulary import StakeholderType as R


async def test_case_manager_sees_own_case(api: Api, world: World) -> None:
    manager = await world.actor(R.CASE_MANAGER)
    person = await world.participant()
    case = await world.case(person, team={manager: R.CASE_MANAGER})
    result = await api.query(
        as_actor(manager), "query { cases { totalCount edges { node { id reference } } } }"
    )
    assert result.data["cases"]["totalCount"] == 1
    assert result.data["cases"]["edges"][0]["node"]["id"] == gid(case)
    other = await world.actor(R.CASE_MANAGER)
    result = await api.query(as_actor(other), "query { cases { totalCount } }")
    assert result.data["cases"]["totalCount"] == 0
    result = await api.query(admin(), "query { cases { totalCount } }")
    assert result.data["cases"]["totalCount"] == 1
