"""Durations for people (time spent on modules and courses)."""

from django import template

from courses.selectors.viewing import duration_text

register = template.Library()


@register.filter
def duration(seconds: float | None) -> str:
    """Seconds as minutes and seconds in words; a dash when nothing was counted."""
    if not seconds:
        return "—"
    return duration_text(seconds)
