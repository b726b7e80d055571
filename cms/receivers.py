"""The site shell answers what lower packages ask of it: the college's name."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from cms.models import CollegeSettings
from infrastructure.branding import (
    site_name_forget,
    site_name_reader_register,
    site_name_remember,
)


def college_site_name() -> str | None:
    """The name set in the default site's settings, if there is a site."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    found = CollegeSettings.objects.filter(site=site).values_list("site_name")
    return next((name for (name,) in found), None)


site_name_reader_register(college_site_name)


@receiver(post_save, sender=CollegeSettings)
def _site_name_saved(instance: CollegeSettings, **kwargs) -> None:
    if Site.objects.filter(pk=instance.site_id, is_default_site=True).exists():
        site_name_remember(instance.site_name)


@receiver(post_delete, sender=CollegeSettings)
def _site_name_deleted(**kwargs) -> None:
    site_name_forget()
