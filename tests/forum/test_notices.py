"""Must-read notices: the audience sees a banner until it reads; staff see, within
their scope, who has not read it and remind them through the notifications."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from forum.models import MustReadNotice
from forum.selectors import must_read_for, notice_readership
from forum.services import notice_mark, notice_remind, topic_create
from infrastructure.models import Delivery, Notification
from tests.factories.roster import DeputyFactory, RequirementFactory
from tests.forum.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice_topic(staff_board, trainer):
    return topic_create(
        board=staff_board,
        author=trainer,
        title="关于开展初任学习的通知",
        body="请各位新任代表按期完成初任学习。",
    )


def _mark(topic, actor, **kwargs):
    return notice_mark(topic=topic, actor=actor, **kwargs)


def test_deputy_sees_the_banner_on_my_page_and_the_forum_until_read(
    client, notice_topic, trainer, member
):
    _mark(notice_topic, trainer, audience=MustReadNotice.Audience.EVERYONE)
    login(client, member.user)
    assert "关于开展初任学习的通知" in client.get("/my/").content.decode()
    assert "关于开展初任学习的通知" in client.get("/forum/").content.decode()
    client.get(f"/forum/t/{notice_topic.pk}/")
    assert "关于开展初任学习的通知" not in client.get("/my/").content.decode()
    forum = client.get("/forum/").content.decode()
    assert "必读" not in forum and "Required reading" not in forum


def test_a_delegation_notice_reaches_only_that_delegation(
    notice_topic, trainer, member, outsider, xuhui
):
    _mark(
        notice_topic,
        trainer,
        audience=MustReadNotice.Audience.DELEGATION,
        delegation=xuhui,
    )
    assert must_read_for(user=member.user) == [notice_topic]
    assert must_read_for(user=outsider.user) == []


def test_a_cohort_notice_reaches_the_requirements_cohort(
    client, notice_topic, trainer, member, outsider
):
    outsider.newly_elected = False
    outsider.save(update_fields=["newly_elected"])
    requirement = RequirementFactory(term=member.term, newly_elected_only=True)
    _mark(
        notice_topic,
        trainer,
        audience=MustReadNotice.Audience.COHORT,
        requirement=requirement,
    )
    assert must_read_for(user=member.user) == [notice_topic]
    assert must_read_for(user=outsider.user) == []
    # On /my/ the notice reuses the requirements the page has just read.
    for deputy, shown in ((member, True), (outsider, False)):
        login(client, deputy.user)
        html = client.get("/my/").content.decode()
        assert (notice_topic.title in html) is shown, deputy


def test_a_notice_on_a_closed_board_never_reaches_an_outsider(
    client, closed_board, trainer, member, outsider
):
    closed_board.post_access = closed_board.PostAccess.STAFF
    closed_board.save()
    topic = topic_create(
        board=closed_board, author=trainer, title="机密通知甲", body="机密正文乙"
    )
    notice = _mark(topic, trainer, audience=MustReadNotice.Audience.EVERYONE)
    assert must_read_for(user=outsider.user) == []
    login(client, outsider.user)
    for url in ("/my/", "/forum/"):
        assert "机密通知甲" not in client.get(url).content.decode()
    # Not counted as someone who must read it, and never reminded.
    assert notice_readership(notice=notice, user=trainer).audience == 1
    notice_remind(notice=notice, actor=trainer)
    assert not Notification.objects.filter(recipient=outsider.user).exists()
    assert Notification.objects.filter(recipient=member.user).count() == 1


def test_only_a_published_topic_of_a_staff_board_can_be_marked(open_topic, trainer):
    with pytest.raises(ValidationError):
        _mark(open_topic, trainer, audience=MustReadNotice.Audience.EVERYONE)
    assert not MustReadNotice.objects.exists()


def test_a_deputy_cannot_mark_or_open_the_staff_pages(
    client, notice_topic, trainer, member
):
    notice = _mark(notice_topic, trainer, audience=MustReadNotice.Audience.EVERYONE)
    login(client, member.user)
    assert client.get(f"/forum/t/{notice_topic.pk}/must-read/").status_code == 403
    assert client.get("/forum/must-read/").status_code == 403
    assert client.get(f"/forum/must-read/{notice.pk}/").status_code == 403
    assert client.post(f"/forum/must-read/{notice.pk}/remind/").status_code == 403


def test_trainer_marks_a_topic_through_the_form(client, notice_topic, trainer, xuhui):
    login(client, trainer)
    response = client.post(
        f"/forum/t/{notice_topic.pk}/must-read/",
        {"audience": "delegation", "delegation": xuhui.pk},
    )
    notice = MustReadNotice.objects.get()
    assert response.status_code == 302
    assert (notice.audience, notice.delegation) == ("delegation", xuhui)


def test_a_delegation_notice_without_a_delegation_keeps_the_form(
    client, notice_topic, trainer
):
    login(client, trainer)
    response = client.post(
        f"/forum/t/{notice_topic.pk}/must-read/", {"audience": "delegation"}
    )
    assert response.status_code == 200
    assert not MustReadNotice.objects.exists()


def test_scoped_trainer_sees_and_reminds_only_their_delegation(
    client, notice_topic, trainer, scoped_trainer, member, outsider
):
    notice = _mark(notice_topic, trainer, audience=MustReadNotice.Audience.EVERYONE)
    login(client, scoped_trainer)
    page = client.get(f"/forum/must-read/{notice.pk}/").content.decode()
    assert outsider.name in page  # 黄浦区
    assert member.name not in page  # 徐汇区
    assert notice_readership(notice=notice, user=scoped_trainer).audience == 1
    response = client.post(f"/forum/must-read/{notice.pk}/remind/")
    assert response.status_code == 302
    reminded = set(
        Notification.objects.filter(kind="forum_must_read").values_list(
            "recipient", flat=True
        )
    )
    assert reminded == {outsider.user_id}


def test_scoped_trainer_may_address_only_a_delegation_in_scope(
    notice_topic, scoped_trainer, xuhui, huangpu
):
    with pytest.raises(ValidationError):
        _mark(notice_topic, scoped_trainer, audience=MustReadNotice.Audience.EVERYONE)
    with pytest.raises(ValidationError):
        _mark(
            notice_topic,
            scoped_trainer,
            audience=MustReadNotice.Audience.DELEGATION,
            delegation=xuhui,
        )
    notice = _mark(
        notice_topic,
        scoped_trainer,
        audience=MustReadNotice.Audience.DELEGATION,
        delegation=huangpu,
    )
    assert notice.delegation == huangpu


def test_reminder_goes_to_those_who_have_not_read_by_site_and_email(
    client,
    django_capture_on_commit_callbacks,
    notice_topic,
    trainer,
    member,
    outsider,
):
    outsider.user.email = "zhang@example.org"
    outsider.user.save(update_fields=["email"])
    notice = _mark(notice_topic, trainer, audience=MustReadNotice.Audience.EVERYONE)
    login(client, member.user)
    client.get(f"/forum/t/{notice_topic.pk}/")  # the member has read it
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_remind(notice=notice, actor=trainer) == 1
    told = Notification.objects.get(kind="forum_must_read")
    assert told.recipient == outsider.user
    assert told.url == f"/forum/p/{notice_topic.posts.get(number=1).pk}/"
    # The e-mail went out through the task worker (immediate in tests).
    assert [m.to for m in mail.outbox] == [["zhang@example.org"]]
    assert Delivery.objects.filter(status="sent", channel="email").count() == 1
    # Reminding again within the hour tells nobody twice.
    assert notice_remind(notice=notice, actor=trainer) == 0


def test_readership_counts_read_and_unread(
    client, notice_topic, trainer, member, outsider
):
    notice = _mark(notice_topic, trainer, audience=MustReadNotice.Audience.EVERYONE)
    login(client, member.user)
    client.get(f"/forum/t/{notice_topic.pk}/")
    figures = notice_readership(notice=notice, user=trainer)
    assert (figures.audience, figures.read, figures.unread) == (2, 1, 1)


@pytest.mark.parametrize("size", [5, 40])
def test_notice_pages_take_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, notice_topic, trainer, xuhui, size
):
    DeputyFactory.create_batch(size, with_account=True, delegation=xuhui)
    notice = _mark(notice_topic, trainer, audience=MustReadNotice.Audience.EVERYONE)
    login(client, trainer)
    client.get(f"/forum/must-read/{notice.pk}/")  # warm the session and caches
    with django_assert_max_num_queries(20):
        response = client.get(f"/forum/must-read/{notice.pk}/")
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/forum/must-read/").status_code == 200
