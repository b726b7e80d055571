"""What an edition's page shows: registration state and its board's latest topics."""

from forum.models import Board, EditionRegistration, ForumEditionPage, Topic
from forum.permissions import can_register_for_edition
from forum.querysets import forum_deputy
from infrastructure.identity import AnyUser


def edition_page_context(*, edition: ForumEditionPage, user: AnyUser) -> dict:
    """Places, whether this user is registered or may register, recent discussion."""
    registered_count = EditionRegistration.objects.filter(edition=edition).count()
    deputy = forum_deputy(user)
    registration = (
        EditionRegistration.objects.filter(edition=edition, deputy=deputy).first()
        if deputy is not None
        else None
    )
    places_left = (
        max(edition.capacity - registered_count, 0)
        if edition.capacity is not None
        else None
    )
    board = (
        Board.objects.visible_to(user).filter(pk=edition.board_id).first()
        if edition.board_id
        else None
    )
    topics = (
        list(
            Topic.objects.visible_to(user)
            .filter(board=board)
            .order_by("-is_pinned", "-last_post_at", "-pk")[:5]
        )
        if board is not None
        else []
    )
    open_now = edition.registration_open and not edition.has_taken_place
    return {
        "registered_count": registered_count,
        "places_left": places_left,
        "registration": registration,
        "can_register": (
            open_now
            and registration is None
            and can_register_for_edition(user)
            and places_left != 0
        ),
        "can_unregister": registration is not None and not edition.has_taken_place,
        "registration_is_open": open_now,
        "edition_board": board,
        "edition_topics": topics,
        "show_summary": edition.has_taken_place and bool(edition.summary),
    }
