from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Deputies and staff")

    def ready(self) -> None:
        from . import receivers  # noqa: F401
