"""Pages of contests: who sees what, forms, files, the blind jury page, the results page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.contests.models import ContestEntry, EntryStatus, JuryScore, Nomination, Placing
from pedset.contests.tests import factories
from pedset.core.tests import uploads
from pedset.documents.names import initials_name
from pedset.events.models import EventForm, EventStatus
from pedset.events.tests.factories import EventFactory
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import add_file, material_with_author
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def page(client, person, view, *args, method="get", **data):
    if person is not None:
        client.force_login(person)
    return getattr(client, method)(reverse(f"contests:{view}", args=args), data)


# --- The panel on the event's page -------------------------------------------------------------


def test_the_panel_offers_a_member_to_submit(client, contest, member):
    client.force_login(member)
    response = client.get(reverse("events:detail", args=[contest.pk]))
    assert reverse("contests:submit", args=[contest.pk]) in response.content.decode()
    assert reverse("contests:setup", args=[contest.pk]) not in response.content.decode()


def test_the_panel_shows_managers_their_pages_and_jurors_theirs(client, contest, coordinator):
    seat = factories.juror(contest)
    client.force_login(coordinator)
    text = client.get(reverse("events:detail", args=[contest.pk])).content.decode()
    assert reverse("contests:setup", args=[contest.pk]) in text
    assert reverse("contests:jury", args=[contest.pk]) not in text

    client.force_login(seat.user)
    text = client.get(reverse("events:detail", args=[contest.pk])).content.decode()
    assert reverse("contests:jury", args=[contest.pk]) in text


def test_the_panel_lists_own_entries(client, contest, member):
    entry = factories.entry(contest, member, title="Моя работа о воде")
    client.force_login(member)
    text = client.get(reverse("events:detail", args=[contest.pk])).content.decode()
    assert "Моя работа о воде" in text
    assert reverse("contests:entry", args=[entry.pk]) in text


def test_the_panel_says_nothing_about_a_webinar(client, community, member):
    webinar = EventFactory(community=community)
    client.force_login(member)
    text = client.get(reverse("events:detail", args=[webinar.pk])).content.decode()
    assert "/contests/" not in text


def test_the_panel_asks_an_anonymous_visitor_to_log_in(client, contest):
    text = client.get(reverse("events:detail", args=[contest.pk])).content.decode()
    assert reverse("contests:submit", args=[contest.pk]) not in text
    assert reverse("accounts:login") in text


# --- Submitting --------------------------------------------------------------------------------


def test_a_member_submits_an_entry_through_the_form(client, contest, members, media_files):
    author, colleague = members(2)
    nomination = factories.nomination(contest, "Лучший урок")
    client.force_login(author)
    assert client.get(reverse("contests:submit", args=[contest.pk])).status_code == 200

    response = client.post(
        reverse("contests:submit", args=[contest.pk]),
        {
            "title": "Урок «Вода в природе»",
            "summary": "Сценарий урока для 3 класса.",
            "nomination": nomination.pk,
            "coauthors": [colleague.pk],
            "files": [uploads.pdf("урок.pdf")],
            "consent": "on",
        },
    )
    entry = ContestEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contests:entry", args=[entry.pk])
    assert entry.nomination == nomination
    assert len(media_files()) == 1


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (lambda: uploads.text_as("пусто.pdf", size=0), "пуст"),
        (lambda: uploads.html_as("работа.pdf"), "не соответствует"),
    ],
)
def test_hostile_files_are_refused_on_the_form(
    client, contest, member, media_files, upload, fragment
):
    client.force_login(member)
    response = client.post(
        reverse("contests:submit", args=[contest.pk]),
        {"title": "Работа", "summary": "Описание", "files": [upload()], "consent": "on"},
    )
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert not ContestEntry.objects.exists()
    assert media_files() == []


def test_an_oversized_file_is_refused_on_the_form(client, contest, member, settings, media_files):
    settings.CONTEST_FILE_MAX_BYTES = 2000
    client.force_login(member)
    response = client.post(
        reverse("contests:submit", args=[contest.pk]),
        {
            "title": "Работа",
            "summary": "Описание",
            "files": [uploads.pdf("большой.pdf", size=5000)],
            "consent": "on",
        },
    )
    assert "слишком большой" in response.content.decode()
    assert media_files() == []


def test_an_empty_form_answers_in_russian(client, contest, member):
    factories.nomination(contest)
    client.force_login(member)
    response = client.post(reverse("contests:submit", args=[contest.pk]), {})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Введите название работы" in text
    assert "Выберите номинацию" in text
    assert not ContestEntry.objects.exists()


def test_a_foreign_nomination_is_refused_on_the_form(client, contest, member, community):
    factories.nomination(contest)
    foreign = factories.nomination(factories.contest(community))
    client.force_login(member)
    response = client.post(
        reverse("contests:submit", args=[contest.pk]),
        {
            "title": "Работа",
            "summary": "Описание",
            "nomination": foreign.pk,
            "files": [uploads.pdf()],
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert not ContestEntry.objects.exists()


def test_outsiders_and_wrong_events_cannot_submit(client, contest, community):
    outsider = MembershipFactory(community=CommunityFactory()).user
    assert page(client, outsider, "submit", contest.pk).status_code == 403
    webinar = EventFactory(community=community)
    assert page(client, outsider, "submit", webinar.pk).status_code == 404
    assert page(client, outsider, "submit", 999999).status_code == 404
    draft = factories.contest(community, status=EventStatus.DRAFT)
    assert page(client, outsider, "submit", draft.pk).status_code == 404


def test_after_the_deadline_the_form_sends_back_with_a_message(client, community, member):
    closed = factories.closed_contest(community)
    response = page(client, member, "submit", closed.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("events:detail", args=[closed.pk])


# --- The entry's page and its files ------------------------------------------------------------


def test_the_entry_page_is_for_authors_and_managers(client, contest, members, coordinator):
    author, colleague, stranger = members(3)
    entry = factories.entry(contest, author, coauthors=[colleague], with_file=True)
    for person, status in ((author, 200), (colleague, 200), (coordinator, 200), (stranger, 404)):
        assert page(client, person, "entry", entry.pk).status_code == status
    client.logout()
    assert page(client, None, "entry", entry.pk).status_code == 302


def test_files_go_to_authors_jury_and_managers_only(client, contest, members, coordinator):
    author, stranger = members(2)
    seat = factories.juror(contest)
    entry = factories.entry(contest, author, with_file=True)
    stored = entry.files.get()
    for person, status in ((author, 200), (seat.user, 200), (coordinator, 200), (stranger, 404)):
        response = page(client, person, "file", stored.pk)
        assert response.status_code == status, person
        if status == 200:
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Disposition"].startswith("attachment")
    client.logout()
    assert page(client, None, "file", stored.pk).status_code == 404

    # after the results are published the files stay closed to others
    contest.results_published_at = timezone.now()
    contest.save()
    assert page(client, stranger, "file", stored.pk).status_code == 404


def test_a_juror_with_a_conflict_gets_no_file(client, contest):
    seat = factories.juror(contest)
    coauthored = factories.entry(contest, coauthors=[seat.user], with_file=True)
    # as an author they get it; from their school but not theirs: not
    assert page(client, seat.user, "file", coauthored.files.get().pk).status_code == 200
    school = OrganisationFactory()
    seat.user.organisation = school
    seat.user.save()
    same_school = factories.entry(contest, organisation_id=school.pk, with_file=True)
    assert page(client, seat.user, "file", same_school.files.get().pk).status_code == 404


def test_the_material_files_are_served_to_the_jury_without_its_page(client, contest, member):
    material = material_with_author(
        community=contest.community, author=member, status=MaterialStatus.INCLUDED
    )
    material_file = add_file(material)
    entry = factories.entry(contest, member, material=material)
    seat = factories.juror(contest)
    response = page(client, seat.user, "material_file", entry.pk, material_file.pk)
    assert response.status_code == 200
    # the score page links the file here, never to the material's page
    text = page(client, seat.user, "score", entry.pk).content.decode()
    assert reverse("contests:material_file", args=[entry.pk, material_file.pk]) in text
    assert reverse("materials:detail", args=[material.pk]) not in text
    # a file of another material is not served through the entry
    other = add_file(material_with_author(community=contest.community))
    assert page(client, seat.user, "material_file", entry.pk, other.pk).status_code == 404


def test_the_submitter_withdraws_from_the_page(client, contest, member):
    entry = factories.entry(contest, member)
    assert page(client, member, "withdraw", entry.pk).status_code == 405
    response = page(client, member, "withdraw", entry.pk, method="post")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN


def test_a_manager_does_not_admit_an_entry_with_a_reason(client, contest, coordinator, member):
    entry = factories.entry(contest, member)
    assert page(client, member, "disqualify", entry.pk).status_code == 403
    response = page(client, coordinator, "disqualify", entry.pk, method="post", reason="")
    assert "Укажите причину" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    page(client, coordinator, "disqualify", entry.pk, method="post", reason="Не по теме")
    entry.refresh_from_db()
    assert (entry.status, entry.status_reason) == (EntryStatus.DISQUALIFIED, "Не по теме")


# --- Set-up pages ------------------------------------------------------------------------------


def test_the_setup_page_is_for_managers(client, contest, coordinator, member):
    assert page(client, member, "setup", contest.pk).status_code == 403
    assert page(client, coordinator, "setup", contest.pk).status_code == 200
    response = page(client, coordinator, "nomination_add", contest.pk, method="post", name="Урок")
    assert response.status_code == 302
    assert Nomination.objects.filter(event=contest, name="Урок").exists()


def test_setup_errors_are_shown_on_the_page(client, contest, coordinator):
    response = page(
        client, coordinator, "criterion_add", contest.pk, method="post", name="Новизна", max_score=0
    )
    assert response.status_code == 200
    assert "Максимальный балл — не меньше 1" in response.content.decode()
    assert not contest.contest_criteria.exists()
    response = page(client, coordinator, "juror_add", contest.pk, method="post", user=999999)
    assert response.status_code == 200
    assert not contest.jury.exists()


def test_setup_items_of_other_events_answer_404(client, coordinator, community):
    foreign = factories.nomination(factories.contest(CommunityFactory()))
    response = page(client, coordinator, "nomination_remove", foreign.pk, method="post")
    assert response.status_code in (403, 404)
    assert Nomination.objects.filter(pk=foreign.pk).exists()


def test_a_refused_change_after_scoring_is_a_message(client, contest, coordinator):
    criterion = factories.criterion(contest)
    factories.score_fully(factories.juror(contest), factories.entry(contest), 3)
    response = page(client, coordinator, "criterion_remove", criterion.pk, method="post")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert "жюри уже начало" in response.content.decode().lower()


# --- The jury ----------------------------------------------------------------------------------


def test_the_jury_page_is_blind(client, contest):
    # given an entry by a named author of a school and a juror
    school = OrganisationFactory(short_name="МБОУ СОШ № 77")
    author = factories.member(contest, user__organisation=school)
    entry = factories.entry(contest, author, title="Урок о воде", with_file=True)
    factories.criterion(contest)
    seat = factories.juror(contest)

    # when the juror opens the jury page and the score page
    for view, arg in (("jury", contest.pk), ("score", entry.pk)):
        text = page(client, seat.user, view, arg).content.decode()
        # then the work is there, its authors and school are not
        assert "Урок о воде" in text
        assert author.last_name not in text
        assert "МБОУ СОШ № 77" not in text


def test_the_jury_page_leaves_out_conflicts(client, contest):
    seat = factories.juror(contest)
    factories.entry(contest, seat.user, title="Своя работа")
    factories.entry(contest, coauthors=[seat.user], title="Совместная работа")
    factories.entry(contest, title="Чужая работа")
    text = page(client, seat.user, "jury", contest.pk).content.decode()
    assert "Чужая работа" in text
    assert "Своя работа" not in text and "Совместная работа" not in text


def test_the_jury_page_is_for_jurors(client, contest, member, coordinator):
    assert page(client, member, "jury", contest.pk).status_code == 404
    assert page(client, coordinator, "jury", contest.pk).status_code == 404


def test_a_juror_scores_through_the_form(client, contest):
    criterion = factories.criterion(contest, max_score=5)
    seat = factories.juror(contest)
    entry = factories.entry(contest)
    url_kwargs = {f"score_{criterion.pk}": 9, f"comment_{criterion.pk}": ""}
    response = page(client, seat.user, "score", entry.pk, method="post", **url_kwargs)
    assert response.status_code == 200
    assert not JuryScore.objects.exists()

    url_kwargs[f"score_{criterion.pk}"] = 4
    response = page(client, seat.user, "score", entry.pk, method="post", **url_kwargs)
    assert response.status_code == 302
    assert JuryScore.objects.get().score == 4


def test_a_conflicted_entry_has_no_score_page(client, contest):
    factories.criterion(contest)
    seat = factories.juror(contest)
    own = factories.entry(contest, seat.user)
    assert page(client, seat.user, "score", own.pk).status_code == 404


def test_after_publication_the_score_page_only_shows(client, community):
    event = factories.closed_contest(community, results_published_at=timezone.now())
    criterion = factories.criterion(event, max_score=5)
    seat = factories.juror(event)
    entry = factories.entry(event)
    factories.score_fully(seat, entry, 3)
    response = page(client, seat.user, "score", entry.pk)
    assert response.status_code == 200
    assert f'name="score_{criterion.pk}"' not in response.content.decode()
    response = page(
        client, seat.user, "score", entry.pk, method="post", **{f"score_{criterion.pk}": 5}
    )
    assert response.status_code == 302
    assert JuryScore.objects.get().score == 3


# --- Results -----------------------------------------------------------------------------------


def published(community, *, audience_kwargs=None):
    """A closed contest with a winner, a prize-winner and a participant, results published."""
    event = factories.closed_contest(community)
    school = OrganisationFactory(short_name="МБОУ СОШ № 5")
    winner = factories.member(event, user__organisation=school)
    second = factories.member(event)
    third = factories.member(event)
    rows = [
        factories.entry(
            event, winner, title="Работа победителя", placing=Placing.WINNER, degree=1, rank=1
        ),
        factories.entry(
            event, second, title="Работа призёра", placing=Placing.PRIZE_WINNER, degree=2, rank=2
        ),
        factories.entry(
            event, third, title="Работа участника", placing=Placing.PARTICIPANT, rank=4
        ),
    ]
    event.results_published_at = timezone.now()
    event.save()
    return event, (winner, second, third), rows


def test_the_results_page_names_winners_and_counts_the_rest(client, community):
    event, (winner, second, third), _rows = published(community)

    # an anonymous visitor sees the winners with initials and surnames, not the participant
    client.logout()
    response = client.get(reverse("contests:results", args=[event.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert initials_name(winner) in text
    assert initials_name(second) in text
    assert "МБОУ СОШ № 5" in text
    assert winner.get_full_name() not in text  # initials, not the full name
    assert third.last_name not in text
    assert "Работа участника" not in text
    assert "Работа победителя" in text


def test_results_are_not_shown_before_publication(client, community, coordinator):
    event = factories.closed_contest(community)
    factories.entry(event, placing=Placing.WINNER, degree=1)
    assert client.get(reverse("contests:results", args=[event.pk])).status_code == 404
    assert page(client, coordinator, "results", event.pk).status_code == 404
    assert page(client, coordinator, "results_manage", event.pk).status_code == 200


def test_a_manager_prepares_adjusts_and_publishes(client, community, coordinator):
    event = factories.closed_contest(community, form=EventForm.FESTIVAL)
    factories.criterion(event, max_score=10)
    seat = factories.juror(event)
    first, second = factories.entry(event, title="Первая"), factories.entry(event, title="Вторая")
    factories.score_fully(seat, first, 9)
    factories.score_fully(seat, second, 7)

    page(client, coordinator, "results_compute", event.pk, method="post")
    first.refresh_from_db()
    assert first.placing == Placing.WINNER
    response = page(
        client,
        coordinator,
        "results_manage",
        event.pk,
        method="post",
        **{f"placing_{first.pk}": "winner", f"placing_{second.pk}": "prize_winner_3"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.placing, second.degree) == (Placing.PRIZE_WINNER, 3)

    response = page(client, coordinator, "results_publish", event.pk, method="post")
    assert response["Location"] == reverse("contests:results", args=[event.pk])
    event.refresh_from_db()
    assert event.results_published_at is not None


def test_a_bad_placing_is_a_form_error(client, community, coordinator):
    event = factories.closed_contest(community)
    entry = factories.entry(event, placing=Placing.PARTICIPANT)
    response = page(
        client,
        coordinator,
        "results_manage",
        event.pk,
        method="post",
        **{f"placing_{entry.pk}": "king"},
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.placing == Placing.PARTICIPANT


def test_members_cannot_touch_the_results(client, community, member):
    event = factories.closed_contest(community)
    assert page(client, member, "results_manage", event.pk).status_code == 403
    assert page(client, member, "results_publish", event.pk, method="post").status_code == 403
    assert page(client, member, "entries", event.pk).status_code == 403


def test_wrong_ids_answer_404_and_change_nothing(client, contest, coordinator, community):
    # given objects of another community's contest
    other = factories.contest(CommunityFactory())
    seat = factories.juror(other)
    foreign_entry = factories.entry(other, with_file=True)
    webinar = EventFactory(community=community)
    mine = factories.juror(contest)
    client.force_login(mine.user)
    for view, args in [
        ("score", (999999,)),
        ("score", (foreign_entry.pk,)),
        ("jury", (webinar.pk,)),
        ("jury", (other.pk,)),
        ("file", (foreign_entry.files.get().pk,)),
        ("file", (999999,)),
        ("material_file", (foreign_entry.pk, 1)),
        ("entry", (foreign_entry.pk,)),
        ("results", (contest.pk,)),
    ]:
        assert page(client, None, view, *args).status_code == 404, view
    client.force_login(coordinator)
    for view, args in [("juror_remove", (seat.pk,)), ("juror_chair", (seat.pk,))]:
        assert page(client, None, view, *args, method="post").status_code in (403, 404)
    assert page(client, None, "entries", 999999).status_code == 404
    assert page(client, None, "setup", webinar.pk).status_code == 404
    # a person of another community cannot be put on this jury through the form
    outsider = MembershipFactory(community=CommunityFactory()).user
    response = page(client, None, "juror_add", contest.pk, method="post", user=outsider.pk)
    assert response.status_code == 200
    assert not contest.jury.filter(user=outsider).exists()
    assert other.jury.count() == 1
