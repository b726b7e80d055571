from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Deputy forum")

    def ready(self) -> None:
        from forum.selectors import search_sources_register

        search_sources_register()
