"""The demo forum: five boards, a few topics and replies on the work plan's themes,
a board per course, a must-read notice, and two editions of the 上海人大代表论坛.

Idempotent: boards are found by slug; a board that already has topics is left be;
pages by slug; the notice and registrations by their unique keys.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from courses.models import CoursePage, Requirement
from forum.models import (
    Board,
    EditionRegistration,
    ForumEditionIndexPage,
    ForumEditionPage,
    MustReadNotice,
    Topic,
)
from forum.services import (
    course_board_ensure,
    edition_attendance_set,
    edition_register,
    notice_mark,
    post_reply,
    topic_create,
)
from people.models import Deputy

MEMBERS = Board.ReadAccess.MEMBERS
STAFF = Board.PostAccess.STAFF

# slug, title, description, who posts
BOARDS = [
    (
        "notices",
        "通知公告",
        "学院和常委会代表工作机构发布的通知、培训安排和学习要求。",
        STAFF,
    ),
    (
        "experience",
        "履职经验交流",
        "交流联系群众、走访选民、参加代表家站活动的做法和体会。",
        Board.PostAccess.MEMBERS,
    ),
    (
        "suggestions",
        "代表建议交流",
        "一起打磨代表建议：选题、调研、起草，在帖子里征集联名代表。",
        Board.PostAccess.MEMBERS,
    ),
    (
        "yangtze-delta",
        "长三角代表工作协作",
        "长三角区域人大代表工作协作：共同关注的议题、联合调研和视察。",
        Board.PostAccess.MEMBERS,
    ),
    (
        "reflections",
        "学习心得",
        "参加初任学习、履职学习和专题学习后的心得体会。",
        Board.PostAccess.MEMBERS,
    ),
]

# board slug -> [(author, title, body, [(author, reply), …])]
TOPICS = {
    "notices": [
        (
            "trainer",
            "关于开展新任代表初任学习的通知",
            "为实现新任代表履职学习全覆盖，请各位新任代表在学院完成初任学习课程。\n\n"
            "- 学习内容：代表法及实施办法、代表建议工作、联系群众工作\n"
            "- 完成后可在“我的学习”中下载结业证书",
            [],
        ),
        (
            "trainer",
            "2023年度代表建议专题研讨班报名",
            "今年将举办代表建议专题研讨班，围绕提高代表建议质量开展案例教学。"
            "请有意参加的代表在本月底前报名。",
            [],
        ),
    ],
    "experience": [
        (
            "deputy",
            "如何用好代表之家、代表联络站",
            "新一届刚开局，想请教各位：在家站接待选民时，怎样把群众反映的问题"
            "记录清楚、跟踪到底？",
            [
                (
                    "moderator",
                    "我们区的做法是每次接待都填写接待登记表，问题分类后交相关部门，"
                    "一个月内回访选民。",
                ),
                (
                    "deputy",
                    "谢谢！回访这一步很重要，群众能看到结果，才愿意继续反映问题。",
                ),
            ],
        ),
        (
            "deputy",
            "常委会组成人员联系代表：一年至少两次",
            "今年常委会组成人员固定联系若干名市人大代表，一年至少开展2次联系活动。"
            "大家参加过哪些形式的联系活动？",
            [("moderator", "我参加过一次座谈和一次专题调研，收获很大。")],
        ),
    ],
    "suggestions": [
        (
            "deputy",
            "关于老旧小区加装电梯的建议（征集联名）",
            "正在起草一件关于老旧小区加装电梯的代表建议，重点是资金筹措和协调机制。"
            "欢迎有调研材料的代表补充，愿意联名的请回帖。",
            [("moderator", "我所在的街道有几个成功案例，可以提供调研材料。")],
        ),
    ],
    "yangtze-delta": [
        (
            "deputy",
            "长三角生态绿色一体化发展示范区的代表联合视察",
            "示范区涉及两省一市，代表能否围绕跨界水体治理开展联合视察？",
            [],
        ),
    ],
    "reflections": [
        (
            "deputy",
            "初任学习心得：从“当选”到“履职”",
            "学完初任课程，最大的体会是：代表不是荣誉，而是责任。"
            "要把人民群众的意见建议带到常委会来。",
            [("moderator", "写得很好！欢迎更多代表分享学习心得。")],
        ),
    ],
}


def seed_forum() -> dict:
    """The demo boards and, on a board without topics, its demo topics."""
    users = {u.username: u for u in get_user_model().objects.all()}
    topics = 0
    for order, (slug, title, description, post_access) in enumerate(BOARDS):
        board, _created = Board.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "description": description,
                "sort_order": order,
                "read_access": MEMBERS,
                "post_access": post_access,
            },
        )
        if board.topics.exists():
            continue
        for author, topic_title, body, replies in TOPICS.get(slug, []):
            if author not in users:
                continue
            topic = topic_create(
                board=board, author=users[author], title=topic_title, body=body
            )
            topics += 1
            for reply_author, reply in replies:
                if reply_author in users:
                    post_reply(topic=topic, author=users[reply_author], body=reply)
    return {"boards": Board.objects.count(), "topics": topics}


# The first notice is required reading for the initial-learning cohort.
MUST_READ_TITLE = "关于开展新任代表初任学习的通知"

EDITIONS = [
    {
        "slug": "forum-2023-1",
        "title": "第一期上海人大代表论坛",
        "theme": "践行全过程人民民主，提高代表建议质量",
        "days": -45,
        "venue": "上海市人大常委会机关会议中心",
        "speakers": [
            ("陈立", "市人大常委会代表工作委员会", "代表建议的选题与调研"),
            ("周敏", "市人大代表", "一件建议从起草到办结"),
        ],
        "agenda": "<ol><li>主旨发言：提高代表建议质量</li><li>代表交流发言</li>"
        "<li>互动讨论</li></ol>",
        "summary": "<p>本期论坛围绕提高代表建议质量展开，六位代表作交流发言。"
        "与会代表认为，建议要来自调研、聚焦问题、提出可行办法，并加强与承办单位沟通。</p>",
        "board": ("edition-2023-1", "第一期论坛讨论"),
        "capacity": None,
        "premoderated": False,
    },
    {
        "slug": "forum-2024-1",
        "title": "第二期上海人大代表论坛",
        "theme": "长三角一体化发展中的代表作用",
        "days": 30,
        "venue": "上海市人大代表之家",
        "speakers": [("吴华", "长三角区域合作办公室", "长三角一体化的新进展")],
        "agenda": "<ol><li>专题报告</li><li>分组讨论：跨界水体治理、公共服务共享</li>"
        "</ol>",
        "summary": "",
        "board": ("edition-2024-1", "第二期论坛讨论"),
        "capacity": 120,
        # Contributions collected before the forum may be quoted there: a moderator
        # reads them first.
        "premoderated": True,
    },
]


def seed_course_boards() -> int:
    """Every course links to its discussion board."""
    courses = list(CoursePage.objects.all())
    for course in courses:
        course_board_ensure(course=course)
    return len(courses)


def seed_must_read(*, requirement: Requirement) -> int:
    """The initial-learning notice is required reading for that cohort."""
    trainer = get_user_model().objects.filter(username="trainer").first()
    topic = Topic.objects.filter(title=MUST_READ_TITLE, board__slug="notices").first()
    if trainer is not None and topic is not None and not hasattr(topic, "must_read"):
        notice_mark(
            topic=topic,
            actor=trainer,
            audience=MustReadNotice.Audience.COHORT,
            requirement=requirement,
        )
    return MustReadNotice.objects.count()


def _edition_board(slug: str, title: str, order: int, premoderated: bool) -> Board:
    board, _created = Board.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "description": "本期论坛的会前征集和会后交流。",
            "sort_order": order,
            "read_access": MEMBERS,
            "premoderated": premoderated,
        },
    )
    # A demo made before the board was pre-moderated gets the flag while nobody has
    # posted there yet; after that it is the editors' board.
    if board.premoderated != premoderated and not board.topics.exists():
        board.premoderated = premoderated
        board.save(update_fields=["premoderated"])
    return board


def seed_editions(*, home: Page) -> int:
    """The forum's index page and two editions: one held, one coming."""
    index = ForumEditionIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=ForumEditionIndexPage(
                title="上海人大代表论坛",
                slug="deputy-forum",
                intro="<p>做强上海人大代表论坛品牌，加强代表履职经验交流。</p>",
            )
        )
    now = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0)
    for order, data in enumerate(EDITIONS, start=50):
        board = _edition_board(*data["board"], order, data["premoderated"])
        edition = ForumEditionPage.objects.filter(slug=data["slug"]).first()
        if edition is None:
            edition = index.add_child(
                instance=ForumEditionPage(
                    title=data["title"],
                    slug=data["slug"],
                    theme=data["theme"],
                    starts_at=now + timedelta(days=data["days"]),
                    venue=data["venue"],
                    speakers=[
                        ("speaker", {"name": n, "role": r, "topic": t})
                        for n, r, t in data["speakers"]
                    ],
                    agenda=data["agenda"],
                    summary=data["summary"],
                    board=board,
                    capacity=data["capacity"],
                )
            )
    _seed_edition_participation()
    return ForumEditionPage.objects.count()


def _seed_edition_participation() -> None:
    """The demo deputy attended the first edition and discussed it."""
    deputy = Deputy.objects.filter(user__username="deputy").first()
    first = ForumEditionPage.objects.filter(slug=EDITIONS[0]["slug"]).first()
    if deputy is None or first is None or first.board is None:
        return
    registration = EditionRegistration.objects.filter(
        edition=first, deputy=deputy
    ).first()
    if registration is None:
        # Registered before it took place: recorded directly, as staff would.
        registration = EditionRegistration.objects.create(edition=first, deputy=deputy)
    edition_attendance_set(registration=registration, attended=True)
    if not first.board.topics.exists() and deputy.user is not None:
        topic = topic_create(
            board=first.board,
            author=deputy.user,
            title="会后体会：建议要“小切口、深调研”",
            body="听了几位代表的交流，体会是建议选题宁小勿大，调研要扎实，"
            "办法要具体可行。",
        )
        moderator = get_user_model().objects.filter(username="moderator").first()
        if moderator is not None:
            post_reply(topic=topic, author=moderator, body="赞同，期待下一期论坛。")
    upcoming = ForumEditionPage.objects.filter(slug=EDITIONS[1]["slug"]).first()
    if upcoming is not None:
        edition_register(edition=upcoming, deputy=deputy)


def seed_forum_extras(*, home: Page, requirement: Requirement) -> dict:
    """What the forum adds beside its boards: course boards, notice, editions."""
    return {
        "course_boards": seed_course_boards(),
        "must_read": seed_must_read(requirement=requirement),
        "editions": seed_editions(home=home),
    }
