from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("College site")

    def ready(self) -> None:
        from cms.selectors import search_sources_register

        search_sources_register()
        from . import receivers  # noqa: F401
