"""The demo forum: five boards, a few topics and replies on the work plan's themes.

Idempotent: boards are found by slug; a board that already has topics is left be.
"""

from django.contrib.auth import get_user_model

from forum.models import Board
from forum.services import post_reply, topic_create

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
