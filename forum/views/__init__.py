"""The forum's pages, split by sub-domain and re-exported for the URLconf."""

from forum.views.attachments import attachment_view
from forum.views.discussion import (
    board_detail,
    board_read_view,
    course_board_view,
    forum_index,
    mentions_view,
    moderation_queue_view,
    post_approve_view,
    post_delete_view,
    post_edit_view,
    post_hide_view,
    post_permalink,
    post_report_view,
    reply_view,
    report_resolve_view,
    subscribe_view,
    topic_create_view,
    topic_detail,
    topic_moderate_view,
    topic_move_view,
)
from forum.views.editions import edition_register_view
from forum.views.notices import (
    notice_detail_view,
    notice_list_view,
    notice_mark_view,
    notice_remind_view,
)

__all__ = [
    "attachment_view",
    "board_detail",
    "board_read_view",
    "course_board_view",
    "edition_register_view",
    "forum_index",
    "mentions_view",
    "moderation_queue_view",
    "notice_detail_view",
    "notice_list_view",
    "notice_mark_view",
    "notice_remind_view",
    "post_approve_view",
    "post_delete_view",
    "post_edit_view",
    "post_hide_view",
    "post_permalink",
    "post_report_view",
    "reply_view",
    "report_resolve_view",
    "subscribe_view",
    "topic_create_view",
    "topic_detail",
    "topic_moderate_view",
    "topic_move_view",
]
