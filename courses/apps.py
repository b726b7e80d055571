from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses and learning")

    def ready(self) -> None:
        from . import receivers  # noqa: F401
        from .selectors.search import search_sources_register

        search_sources_register()
