"""Where apps above courses add to what it counts and shows, without courses
importing them (ADR 0006): they register callables here in their `ready()`.

- completion checks: `check(deputy=…, course=…) -> bool`, every one must hold for
  a course to complete (e.g. the forum's required reflection post);
- panels: `panel(deputy=…) -> Panel | None` for the deputy's own page (/my/) and
  the learning record; `course_panel(course=…, user=…) -> Panel | None` for a
  course page (e.g. the link to its discussion).
A panel names a template and its context; the callable makes the queries, the
template makes none.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


CompletionCheck = Callable[..., bool]
PanelMaker = Callable[..., "Panel | None"]

completion_checks: list[CompletionCheck] = []
my_page_panels: list[PanelMaker] = []
record_panels: list[PanelMaker] = []
course_panels: list[PanelMaker] = []


def _register(registry: list, fn: Callable) -> Callable:
    if fn not in registry:
        registry.append(fn)
    return fn


def register_completion_check(fn: CompletionCheck) -> CompletionCheck:
    return _register(completion_checks, fn)


def register_my_page_panel(fn: PanelMaker) -> PanelMaker:
    return _register(my_page_panels, fn)


def register_record_panel(fn: PanelMaker) -> PanelMaker:
    return _register(record_panels, fn)


def register_course_panel(fn: PanelMaker) -> PanelMaker:
    return _register(course_panels, fn)


def extra_conditions_met(*, deputy: Any, course: Any) -> bool:
    """True when every registered completion check holds for this deputy and course."""
    return all(check(deputy=deputy, course=course) for check in completion_checks)


def panels(registry: list[PanelMaker], **kwargs: Any) -> list[Panel]:
    """The panels the registered makers give for these arguments, in order."""
    made = (maker(**kwargs) for maker in registry)
    return [panel for panel in made if panel is not None]
