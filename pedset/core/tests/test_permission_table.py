"""Every cell of the role × action table in pedset/core/permission_table.py."""

import importlib

import pytest
from django.utils.module_loading import import_string

from pedset.core.permission_table import PERMISSION_TABLE
from pedset.core.testing import ACTORS

pytestmark = pytest.mark.django_db

MESSAGING_TARGETS = {
    "own_conversation",
    "others_conversation",
    "message_in_own_conversation",
    "reported_message",
}
CELLS = [(action, actor) for action in PERMISSION_TABLE for actor in ACTORS]


@pytest.mark.parametrize(("action", "actor"), CELLS, ids=[f"{a}-{r}" for a, r in CELLS])
def test_permission_cell(action, actor, make_person):
    from pedset.communities.tests.factories import CommunityFactory, MembershipFactory

    # given a community, a person in the actor's position and the policy's target
    policy_path, target, allowed = PERMISSION_TABLE[action]
    policy = import_string(policy_path)
    community = CommunityFactory()
    user = make_person(actor, community)
    if target == "community":
        args = (community,)
    elif target == "colleague":
        args = (MembershipFactory(community=community).user,)
    elif target == "others_consent":
        args = (_others_consent(community),)
    elif target in {"section", "topic", "post", "attachment"}:
        from pedset.forum.tests.factories import permission_targets

        args = (permission_targets(community)[target],)
    elif target in MESSAGING_TARGETS:
        from pedset.messaging.tests import targets

        args = (getattr(targets, target)(community, user),)
    elif target == "announcement":
        from pedset.announcements.tests.factories import AnnouncementFactory
        from pedset.communities.models import Role

        author = MembershipFactory(community=community, role=Role.COORDINATOR).user
        args = (AnnouncementFactory(community=community, author=author),)
    elif target == "community_colleague":
        args = (community, MembershipFactory(community=community).user)
    elif target.startswith("expertise_"):
        from pedset.review.tests import targets as review_targets

        args = (getattr(review_targets, target.removeprefix("expertise_"))(community, user),)
    elif target == "cabinet_entry":
        from pedset.cabinet.tests.factories import cabinet_entry

        args = (cabinet_entry(community=community),)
    elif target in {"community_order", "colleague_certificate"}:
        from pedset.documents.tests import targets as document_targets

        args = (getattr(document_targets, target)(community),)
    elif target.startswith("material_"):
        from pedset.materials.tests.factories import permission_target

        args = (permission_target(target.removeprefix("material_"), community, user),)
    elif ":" in target:
        # "<app>:<name>": pedset/<app>/tests/targets.py builds <name>(community, actor's user)
        # and returns the tuple of arguments after the user.
        app, name = target.split(":", 1)
        targets_module = importlib.import_module(f"pedset.{app}.tests.targets")
        args = getattr(targets_module, name)(community, user)
    else:
        args = ()

    # when the policy is asked, then it answers as the table declares
    assert policy(user, *args) is (actor in allowed), (
        f"{action} for {actor}: expected {'allowed' if actor in allowed else 'refused'}"
    )


def _others_consent(community):
    from pedset.communities.tests.factories import MembershipFactory
    from pedset.privacy.models import ConsentSource
    from pedset.privacy.services import consent_give
    from pedset.privacy.tests.factories import ConsentTextFactory

    ConsentTextFactory(operator=community.operator)
    other = MembershipFactory(community=community).user
    return consent_give(user=other, operator=community.operator, source=ConsentSource.JOIN)


def test_every_policy_function_is_in_the_table():
    """A can_* function that nobody declared is a permission nobody checked."""
    import importlib
    import inspect

    declared = {path for path, _target, _allowed in PERMISSION_TABLE.values()}
    missing = []
    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("pedset."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.policies")
        except ModuleNotFoundError:
            continue
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("can_") and func.__module__ == module.__name__:
                path = f"{module.__name__}.{name}"
                if path not in declared:
                    missing.append(path)
    assert not missing, f"policies missing from the permission table: {missing}"
