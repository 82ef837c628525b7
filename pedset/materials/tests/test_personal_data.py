"""Personal-data hooks of the bank: the export holds the person's materials, comments and
ratings; on withdrawal the authorship and the comments stay signed «Бывший участник», the
ratings stay as numbers, and only the drafts written alone are destroyed."""

import pytest
from django.urls import reverse

from pedset.core.tests import uploads
from pedset.materials import personal_data, services
from pedset.materials.models import Material, MaterialComment, MaterialRating
from pedset.materials.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(community, author, colleague):
    mine = submitted(
        author,
        community,
        title="Мой материал",
        tags="проект",
        files=[uploads.pdf("план.pdf")],
        links="https://rutube.ru/video/1/",
    )
    theirs = submitted(colleague, community, title="Чужой материал")
    services.comment_create(actor=author, material=theirs, body="Мой комментарий")
    services.comment_create(actor=colleague, material=mine, body="Чужой комментарий")
    services.rating_set(actor=author, material=theirs, score=4)
    alone = draft(author, community, title="Черновик в одиночку")
    together = draft(author, community, title="Общий черновик", coauthors=[colleague])
    return {"mine": mine, "theirs": theirs, "alone": alone, "together": together}


def test_export_holds_materials_comments_and_ratings(written, author, community):
    data = personal_data.export(author)
    titles = {m["title"] for m in data["materials"]}
    assert titles == {"Мой материал", "Черновик в одиночку", "Общий черновик"}
    mine = next(m for m in data["materials"] if m["title"] == "Мой материал")
    assert mine["community"]["slug"] == community.slug
    assert mine["files"][0]["name"] == "план.pdf"
    assert mine["links"][0]["url"] == "https://rutube.ru/video/1/"
    assert mine["tags"] == ["проект"] and mine["i_am_first_author"]
    assert [c["text"] for c in data["material_comments"]] == ["Мой комментарий"]
    assert [(r["material"]["title"], r["score"]) for r in data["material_ratings"]] == [
        ("Чужой материал", 4)
    ]
    assert "Чужой комментарий" not in str(data)


def test_withdrawal_keeps_authorship_and_comments_as_former_participant(
    client, written, author, colleague, django_capture_on_commit_callbacks
):
    from pedset.organisations.tests.factories import OrganisationFactory
    from pedset.privacy.services import consent_revoke_all
    from pedset.privacy.tests.factories import ConsentTextFactory

    ConsentTextFactory(operator=OrganisationFactory(operates_platform=True))
    full_name = author.get_full_name()
    # when the author withdraws from the platform
    with django_capture_on_commit_callbacks(execute=True):
        act = consent_revoke_all(user=author)
    # then the draft written alone is gone, the shared draft and the submitted one stay
    assert not Material.objects.filter(pk=written["alone"].pk).exists()
    assert Material.objects.filter(pk=written["together"].pk).exists()
    assert "неподанные черновики методических материалов" in act.destroyed
    # and the comment and the rating stay
    assert MaterialComment.objects.filter(author=author).count() == 1
    assert MaterialRating.objects.filter(user=author).count() == 1
    # and readers see the authorship and the comment signed «Бывший участник»
    client.force_login(colleague)
    for material in (written["mine"], written["theirs"]):
        page = client.get(reverse("materials:detail", args=[material.pk])).content.decode()
        assert "Бывший участник" in page and full_name not in page


def test_erase_without_drafts_names_nothing(written, colleague):
    assert personal_data.erase(colleague) == []
