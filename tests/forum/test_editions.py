"""Forum editions: pages under the portal, each with its board, registration with
places, its summary after the event, and the deputy's record."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage
from forum.models import (
    Board,
    EditionRegistration,
    ForumEditionIndexPage,
    ForumEditionPage,
)
from forum.services import edition_attendance_set, edition_register, topic_create
from tests.factories.roster import DeputyFactory
from tests.forum.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition_index(home):
    return home.add_child(
        instance=ForumEditionIndexPage(title="上海人大代表论坛", slug="deputy-forum")
    )


@pytest.fixture
def edition_board(db):
    return Board.objects.create(title="第一期论坛讨论", slug="edition-1")


def _edition(index, board, *, days: int, slug: str, **fields):
    return index.add_child(
        instance=ForumEditionPage(
            title=f"论坛{slug}",
            slug=slug,
            theme="提高代表建议质量",
            starts_at=timezone.now() + timedelta(days=days),
            venue="市人大常委会会议中心",
            agenda="<p>主旨发言</p>",
            summary="<p>会后综述：建议要来自调研。</p>",
            board=board,
            **fields,
        )
    )


@pytest.fixture
def upcoming(edition_index, edition_board):
    return _edition(edition_index, edition_board, days=10, slug="next", capacity=2)


@pytest.fixture
def past(edition_index, edition_board):
    return _edition(edition_index, edition_board, days=-10, slug="held")


class TestTree(WagtailPageTestCase):
    def test_editions_sit_below_their_index_below_the_portal(self):
        self.assertAllowedSubpageTypes(ForumEditionIndexPage, {ForumEditionPage})
        self.assertCanCreateAt(HomePage, ForumEditionIndexPage)
        self.assertCanNotCreateAt(HomePage, ForumEditionPage)


def test_the_page_shows_the_event_and_links_to_its_discussion(client, upcoming, member):
    login(client, member.user)
    page = client.get(upcoming.url).content.decode()
    assert "提高代表建议质量" in page and "市人大常委会会议中心" in page
    assert "/forum/edition-1/" in page
    assert "会后综述" not in page  # the summary waits for the event


def test_after_the_event_the_summary_shows(client, past, member):
    login(client, member.user)
    assert "会后综述" in client.get(past.url).content.decode()


def test_deputies_register_until_the_places_are_taken(upcoming, xuhui):
    first, second, third = DeputyFactory.create_batch(3, delegation=xuhui)
    edition_register(edition=upcoming, deputy=first)
    edition_register(edition=upcoming, deputy=first)  # twice: one registration
    edition_register(edition=upcoming, deputy=second)
    with pytest.raises(ValidationError):
        edition_register(edition=upcoming, deputy=third)
    assert EditionRegistration.objects.filter(edition=upcoming).count() == 2


def test_registration_through_the_page_and_withdrawal(client, upcoming, member):
    login(client, member.user)
    url = f"/forum/e/{upcoming.pk}/register/"
    assert client.post(url).status_code == 302
    assert EditionRegistration.objects.filter(deputy=member).exists()
    assert "withdraw" in client.get(upcoming.url).content.decode()
    client.post(url, {"withdraw": "1"})
    assert not EditionRegistration.objects.filter(deputy=member).exists()


def test_a_past_edition_takes_no_registration(client, past, member):
    with pytest.raises(ValidationError):
        edition_register(edition=past, deputy=member)
    login(client, member.user)
    client.post(f"/forum/e/{past.pk}/register/")
    assert not EditionRegistration.objects.exists()


def test_staff_without_a_deputy_cannot_register(client, upcoming, trainer):
    login(client, trainer)
    assert client.post(f"/forum/e/{upcoming.pk}/register/").status_code == 403


def test_attended_and_discussed_editions_show_in_the_record_and_my_page(
    client, past, member, outsider, edition_board
):
    registration = EditionRegistration.objects.create(edition=past, deputy=member)
    edition_attendance_set(registration=registration, attended=True)
    topic_create(
        board=edition_board, author=outsider.user, title="会后体会", body="很有收获"
    )
    login(client, member.user)
    record = client.get("/my/record/").content.decode()
    assert past.title in record
    assert client.get("/my/").content.decode().count(past.title) >= 1
    login(client, outsider.user)  # contributed, did not register
    assert past.title in client.get("/my/record/").content.decode()


def test_staff_see_registrations_only_within_their_scope_and_tick_attendance(
    client, upcoming, member, outsider, scoped_trainer
):
    edition_register(edition=upcoming, deputy=member)  # 徐汇区
    theirs = edition_register(edition=upcoming, deputy=outsider)  # 黄浦区
    login(client, scoped_trainer)
    listing = client.get("/admin/forum_edition_registrations/").content.decode()
    assert outsider.name in listing
    assert member.name not in listing
    assert member.delegation.name not in listing  # nor among the list's filters
    other = EditionRegistration.objects.get(deputy=member)
    url = "/admin/forum_edition_registrations/edit/{}/"
    assert client.get(url.format(other.pk)).status_code == 404
    client.post(url.format(theirs.pk), {"attended": "on"})
    theirs.refresh_from_db()
    assert theirs.attended
    listing = client.get("/admin/forum_edition_registrations/").content.decode()
    assert "True" not in listing and "False" not in listing  # a tick, read as 是
