"""Reads of the forum, split by sub-domain and re-exported here."""

from forum.selectors.discussion import (
    POSTS_PER_PAGE,
    TOPICS_PER_PAGE,
    TopicPage,
    board_list,
    board_topics,
    first_unread_number,
    mention_candidates,
    moderation_queue,
    search_sources_register,
    topic_page_of_number,
    topic_posts,
    topic_read_number,
)
from forum.selectors.editions import edition_page_context
from forum.selectors.notices import (
    Readership,
    must_read_for,
    notice_audience,
    notice_audience_in_scope,
    notice_readership,
    notice_unread_in_scope,
    notices_managed,
)
from forum.selectors.participation import (
    editions_of_deputy,
    participation_of_deputy,
    reflection_done,
)

__all__ = [
    "POSTS_PER_PAGE",
    "TOPICS_PER_PAGE",
    "Readership",
    "TopicPage",
    "board_list",
    "board_topics",
    "edition_page_context",
    "editions_of_deputy",
    "first_unread_number",
    "mention_candidates",
    "moderation_queue",
    "must_read_for",
    "notice_audience",
    "notice_audience_in_scope",
    "notice_readership",
    "notice_unread_in_scope",
    "notices_managed",
    "participation_of_deputy",
    "search_sources_register",
    "reflection_done",
    "topic_page_of_number",
    "topic_posts",
    "topic_read_number",
]
