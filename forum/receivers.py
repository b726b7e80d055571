"""The forum listens: a published course gets its discussion board."""

from django.dispatch import receiver
from wagtail.signals import page_published

from courses.models import CoursePage
from forum.services import course_board_ensure


@receiver(page_published, sender=CoursePage, dispatch_uid="forum_course_board")
def course_published(sender, instance: CoursePage, **kwargs) -> None:
    course_board_ensure(course=instance)
