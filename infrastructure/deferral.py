"""Work gathered inside a block and done once on leaving it.

A course completed writes its progress, its enrolment and its hours: the standings
of its deputy are recounted once, and their pages' token changes once, not three
times. Nested blocks leave the work to the outermost; an error inside does none of
it (the transaction is rolled back anyway).
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

T = TypeVar("T")


class Deferral(Generic[T]):
    def __init__(self, name: str, work: Callable[[set[T]], None]) -> None:
        self._pending: ContextVar[set[T] | None] = ContextVar(name, default=None)
        self._work = work

    @contextmanager
    def block(self) -> Iterator[None]:
        """Gather what is asked inside; do the work once, on leaving."""
        if self._pending.get() is not None:
            yield
            return
        pending: set[T] = set()
        token = self._pending.set(pending)
        try:
            yield
        finally:
            self._pending.reset(token)
        if pending:
            self._work(pending)

    def gather(self, items: Iterable[T]) -> bool:
        """Keep these for the end of the block; False outside any block."""
        pending = self._pending.get()
        if pending is None:
            return False
        pending.update(items)
        return True
