import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from cms.groups import FORUM_MODERATORS, TRAINING_ADMINISTRATORS
from forum.models import Board
from forum.services import post_reply, topic_create
from people.models import StaffScope
from tests.factories.roster import DelegationFactory, DeputyFactory, UserFactory

PASSWORD = "pw-secret-123"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def huangpu(db):
    return DelegationFactory(name="黄浦区")


@pytest.fixture
def xuhui(db):
    return DelegationFactory(name="徐汇区")


@pytest.fixture
def member(xuhui):
    """A deputy of 徐汇区: a member of the closed board."""
    return DeputyFactory(with_account=True, name="王芳", delegation=xuhui)


@pytest.fixture
def outsider(huangpu):
    """A deputy of 黄浦区: outside the closed board."""
    return DeputyFactory(with_account=True, name="张明", delegation=huangpu)


def _staff(group_name: str, username: str):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def moderator(db):
    return _staff(FORUM_MODERATORS, "moderator")


@pytest.fixture
def trainer(db):
    return _staff(TRAINING_ADMINISTRATORS, "trainer")


@pytest.fixture
def scoped_trainer(huangpu):
    """A training administrator limited to 黄浦区."""
    user = _staff(TRAINING_ADMINISTRATORS, "trainer_huangpu")
    scope = StaffScope.objects.create(user=user)
    scope.delegations.add(huangpu)
    return user


@pytest.fixture
def open_board(db):
    return Board.objects.create(title="履职经验交流", slug="experience", sort_order=1)


@pytest.fixture
def closed_board(xuhui):
    board = Board.objects.create(
        title="徐汇区代表小组",
        slug="xuhui-group",
        sort_order=2,
        read_access=Board.ReadAccess.CLOSED,
    )
    board.delegations.add(xuhui)
    return board


@pytest.fixture
def staff_board(db):
    return Board.objects.create(
        title="通知公告",
        slug="notices",
        sort_order=0,
        post_access=Board.PostAccess.STAFF,
    )


@pytest.fixture
def open_topic(open_board, outsider):
    return topic_create(
        board=open_board,
        author=outsider.user,
        title="如何走访选民",
        body="分享一下走访选民的做法。",
    )


@pytest.fixture
def closed_topic(closed_board, member):
    """A topic of the closed board with a secret in its title and its reply."""
    topic = topic_create(
        board=closed_board,
        author=member.user,
        title="机密议题甲",
        body="小组内部讨论：机密正文乙",
    )
    post_reply(topic=topic, author=member.user, body="补充：机密回复丙")
    topic.refresh_from_db()
    return topic


def login(client, user):
    client.force_login(user)
    return client
