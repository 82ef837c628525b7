"""Personal data of moderation: exported to the person, report comments erased on revocation;
warnings, suspensions and the log stay (the community's record), naming no moderator."""

import pytest

from pedset.moderation import personal_data, services
from pedset.moderation.models import Flag
from pedset.moderation.tests.factories import fresh
from pedset.privacy.registry import personal_data_hooks

pytestmark = pytest.mark.django_db


def test_the_hooks_are_found():
    assert "moderation" in {hook.app_label for hook in personal_data_hooks()}


def test_export_has_my_reports_and_what_moderators_did_to_me(community, member, moderator, post):
    services.flag_create(actor=fresh(member), post=post, reason="other", comment="Реклама")
    services.member_warn(actor=fresh(moderator), community=community, member=member, reason="Тон")
    services.member_suspend(
        actor=fresh(moderator), community=community, member=member, reason="Спам", days=1
    )
    data = personal_data.export(member)
    assert data["moderation_reports"][0]["comment"] == "Реклама"
    assert data["moderation_reports"][0]["reason_display"] == "другое"
    assert data["moderation_warnings"][0]["reason"] == "Тон"
    assert data["moderation_suspensions"][0]["reason"] == "Спам"
    assert {a["action"] for a in data["moderation_actions_about_me"]} == {"warn", "suspend"}
    assert moderator.get_full_name() not in str(data) and moderator.email not in str(data)


def test_erase_blanks_the_comments_of_my_reports(community, member, post):
    services.flag_create(actor=fresh(member), post=post, reason="other", comment="Реклама")
    assert personal_data.erase(member) == ["комментарии в жалобах модераторам"]
    assert Flag.objects.get().comment == ""
    assert personal_data.erase(member) == []
