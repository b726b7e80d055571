"""The forum's models: discussion (boards, topics, posts, reading, moderation),
must-read notices and attachments, and the forum's editions as pages."""

from forum.models.discussion import (
    Board,
    BoardRead,
    ModerationAction,
    Post,
    PostRevision,
    Report,
    Status,
    Subscription,
    Topic,
    TopicRead,
)
from forum.models.editions import (
    EditionRegistration,
    ForumEditionIndexPage,
    ForumEditionPage,
)
from forum.models.notices import Attachment, MustReadNotice

__all__ = [
    "Attachment",
    "Board",
    "BoardRead",
    "EditionRegistration",
    "ForumEditionIndexPage",
    "ForumEditionPage",
    "ModerationAction",
    "MustReadNotice",
    "Post",
    "PostRevision",
    "Report",
    "Status",
    "Subscription",
    "Topic",
    "TopicRead",
]
