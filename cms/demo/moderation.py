"""Work waiting for the demo's forum moderator (论坛版主): a reply queued for approval
on the coming edition's pre-moderated board, and two open reports from deputies.

Everything goes through the forum's services, so that topic counters leave the
queued post out and the moderator's queue reads them as it reads any other.
Idempotent as the site is against a form sent twice: each post carries a fixed
submission token (the service returns the post it made before), and a deputy
reports a post once.
"""

import uuid
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from cms.demo.forum import EDITIONS
from forum.models import Board, Topic
from forum.services import post_reply, post_report, topic_create
from people.models import Deputy
from people.services.accounts import deputy_account_activate

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Two more deputies of the roster take part: one from 徐汇, one from 浦东新区.
OTHER_DEPUTIES = {"xuhui": "16-0041", "pudong": "16-0506"}

CALL_TITLE = "会前征集：第二期论坛的交流议题"
CALL_BODY = (
    "第二期上海人大代表论坛以“长三角一体化发展中的代表作用”为主题。"
    "请各位代表围绕跨界水体治理、公共服务共享提出交流发言题目和调研材料。\n\n"
    "本版块实行先审后发：回帖经论坛版主审核后公布。"
)
QUEUED_REPLY = (
    "建议在分组讨论中增加一个议题：长三角地区代表联合调研怎样把调研成果转化为"
    "代表建议。可以请参加过三省一市联合调研的全国人大代表介绍选题、分工和"
    "跟踪督办的做法。"
)

# (topic title, author, body, copies posted, reporter, reason)
REPORTED = [
    (
        "如何用好代表之家、代表联络站",
        "xuhui",
        "我们街道的代表联络站也遇到过：反映加装电梯的是12号楼的李阿姨"
        "（手机13900001234），她的诉求跟踪了三个月才有结果，回访确实关键。",
        1,
        "deputy",
        "回帖公开了群众的姓名和手机号码，涉及个人信息，请隐藏或删去号码。",
    ),
    (
        "长三角生态绿色一体化发展示范区的代表联合视察",
        "pudong",
        "赞成。可以先协同三省一市部分全国人大代表开展联合调研，摸清跨界河湖的"
        "水质监测情况，再安排集中视察。",
        2,
        "xuhui",
        "同一内容发了两遍，请删除重复的一条。",
    ),
]


def _token(*parts: object) -> uuid.UUID:
    return uuid.uuid5(
        uuid.NAMESPACE_URL, "deputy-college:moderation:" + ":".join(map(str, parts))
    )


def _deputy_users() -> "dict[str, User]":
    """The demo deputy and two others of the roster, each with a login account."""
    users: dict[str, User] = {}
    demo = get_user_model().objects.filter(username="deputy").first()
    if demo is not None:
        users["deputy"] = demo
    for key, number in OTHER_DEPUTIES.items():
        deputy = Deputy.objects.filter(deputy_no=number, is_active=True).first()
        if deputy is None:
            continue
        if deputy.user is None:
            # A one-time password nobody is told: they post in the demo, nobody
            # logs in as them.
            deputy_account_activate(deputy=deputy)
        if deputy.user is not None:
            users[key] = deputy.user
    return users


def _queue_reply(*, users: "dict[str, User]") -> int:
    """The demo deputy answers the call for topics of the coming edition."""
    trainer = get_user_model().objects.filter(username="trainer").first()
    board = Board.objects.filter(slug=EDITIONS[1]["board"][0]).first()
    if trainer is None or board is None or "deputy" not in users:
        return 0
    call = topic_create(
        board=board,
        author=trainer,
        title=CALL_TITLE,
        body=CALL_BODY,
        client_token=_token("call"),
    )
    post_reply(
        topic=call,
        author=users["deputy"],
        body=QUEUED_REPLY,
        client_token=_token("call", "reply"),
    )
    return 1


def _reports(*, users: "dict[str, User]") -> int:
    made = 0
    for title, author, body, copies, reporter, reason in REPORTED:
        topic = Topic.objects.filter(title=title).first()
        if topic is None or author not in users or reporter not in users:
            continue
        posts = [
            post_reply(
                topic=topic,
                author=users[author],
                body=body,
                client_token=_token(title, copy),
            )
            for copy in range(copies)
        ]
        post_report(post=posts[-1], reporter=users[reporter], reason=reason)
        made += 1
    return made


def seed_moderation() -> dict:
    """What the moderator finds waiting: a queued reply and open reports."""
    users = _deputy_users()
    return {"queued": _queue_reply(users=users), "reports": _reports(users=users)}
