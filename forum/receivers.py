"""The forum listens: a published course gets its discussion board; the pages kept
rendered for deputies follow what they show of the forum."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from courses.learning_pages import learning_changed, learning_changed_for_all
from courses.models import CoursePage
from forum.models import Board, EditionRegistration, MustReadNotice, Post, Topic
from forum.services import course_board_ensure
from people.models import Deputy


@receiver(page_published, sender=CoursePage, dispatch_uid="forum_course_board")
def course_published(sender, instance: CoursePage, **kwargs) -> None:
    course_board_ensure(course=instance)


# The pages kept rendered for deputies (courses.learning_pages, ADR 0018) ---------

# Counters the services keep on every post: no page kept for a deputy shows them.
TOPIC_COUNTERS = frozenset({"post_count", "last_number", "last_post", "last_post_at"})


def _deputies_of(user_id: int | None) -> list[int]:
    if user_id is None:
        return []
    return list(Deputy.objects.filter(user_id=user_id).values_list("pk", flat=True))


@receiver(post_save, sender=Post, dispatch_uid="learning_post_saved")
@receiver(post_delete, sender=Post, dispatch_uid="learning_post_deleted")
def post_changed(sender, instance: Post, raw=False, **kwargs) -> None:
    # The author's participation, and the reflection a course may ask for.
    if not raw:
        learning_changed(deputy_ids=_deputies_of(instance.author_id))


@receiver(post_save, sender=EditionRegistration, dispatch_uid="learning_reg_saved")
@receiver(post_delete, sender=EditionRegistration, dispatch_uid="learning_reg_gone")
def registration_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        learning_changed(deputy_ids=[instance.deputy_id])


@receiver(post_save, sender=Topic, dispatch_uid="learning_topic_saved")
def topic_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    # A title, a board, hiding or approval: what the must-read banner may show.
    if not raw and not (update_fields and set(update_fields) <= TOPIC_COUNTERS):
        learning_changed_for_all()


@receiver(post_delete, sender=Topic, dispatch_uid="learning_topic_deleted")
@receiver(post_save, sender=MustReadNotice, dispatch_uid="learning_notice_saved")
@receiver(post_delete, sender=MustReadNotice, dispatch_uid="learning_notice_gone")
@receiver(post_save, sender=Board, dispatch_uid="learning_board_saved")
def shown_to_all_changed(sender, raw=False, **kwargs) -> None:
    if not raw:
        learning_changed_for_all()
