from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfrastructureConfig(AppConfig):
    """What every app of the college uses and none owns: PDFs, tables, notifications."""

    name = "infrastructure"
    verbose_name = _("Shared infrastructure")

    def ready(self) -> None:
        from infrastructure.pdf import checks  # noqa: F401
