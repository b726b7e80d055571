from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Deputy forum")

    def ready(self) -> None:
        from forum.selectors import search_sources_register

        search_sources_register()
        from courses import extensions
        from forum import receivers  # noqa: F401 - connects the signal receivers
        from forum.selectors import participation

        # courses shows and counts these without importing the forum (ADR 0006).
        extensions.register_completion_check(participation.reflection_done)
        extensions.register_my_page_panel(participation.my_page_notices_panel)
        extensions.register_my_page_panel(participation.my_page_participation_panel)
        extensions.register_record_panel(participation.record_editions_panel)
        extensions.register_course_panel(participation.course_discussion_panel)
