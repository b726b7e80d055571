"""Chainable filters over people, and the one rule of who sees which deputy's data.

Every model that holds a deputy's data has a `visible_to(user)` built on
`DeputyDataQuerySet`: the deputy sees their own rows; staff holding the model's
view permission see the rows of the delegations in their scope (the whole
congress when they have none); anyone else sees nothing.
"""

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q

from infrastructure.identity import AnyUser

if TYPE_CHECKING:
    pass

_SCOPE_CACHE = "_college_delegation_scope"


def delegation_scope(user: AnyUser) -> frozenset[int] | None:
    """The delegations a staff member is limited to; None means the whole congress.

    A scope names delegations; the delegations below them (a parent's children)
    are included. Cached on the user object for the request.
    """
    if user.is_superuser:
        return None
    if hasattr(user, _SCOPE_CACHE):
        return getattr(user, _SCOPE_CACHE)
    # Same app, imported late: the models module imports these querysets.
    from people.models import Delegation, StaffScope

    held = Q(user=user) | Q(group__in=user.groups.all())
    scope: frozenset[int] | None = None
    if StaffScope.objects.filter(held).exists():
        scopes = StaffScope.objects.filter(held)
        scope = frozenset(
            Delegation.objects.filter(
                Q(staff_scopes__in=scopes) | Q(parent__staff_scopes__in=scopes)
            ).values_list("pk", flat=True)
        )
    setattr(user, _SCOPE_CACHE, scope)
    return scope


def deputy_data_filter(
    user: "AnyUser | None", *, deputy_path: str, permission: str
) -> Q:
    """The Q object selecting the rows about deputies that this user may see."""
    nothing = Q(pk__in=[])
    if user is None or not user.is_authenticated or not user.is_active:
        return nothing
    if user.is_superuser:
        return Q()
    own = Q(**{f"{deputy_path}user": user})
    if not user.has_perm(permission):
        return own
    scope = delegation_scope(user)
    if scope is None:
        return Q()
    return own | Q(**{f"{deputy_path}delegation_id__in": scope})


class DeputyDataQuerySet(models.QuerySet):
    """Deputies' rows; subclasses say where the deputy is and which permission reads."""

    deputy_path = "deputy__"

    def visible_to(self, user: "AnyUser | None") -> Self:
        return self.filter(self.visibility(user))

    def visibility(self, user: "AnyUser | None") -> Q:
        """The condition `visible_to` applies; empty (falsy) for the whole congress."""
        permission = f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        return deputy_data_filter(
            user, deputy_path=self.deputy_path, permission=permission
        )


class DeputyQuerySet(DeputyDataQuerySet):
    deputy_path = ""

    def active(self) -> Self:
        return self.filter(is_active=True)


class DelegationQuerySet(models.QuerySet):
    def visible_to(self, user: "AnyUser | None") -> Self:
        """The delegations a staff member works with: their scope, or all of them."""
        if user is None or not user.is_authenticated:
            return self.none()
        scope = delegation_scope(user)
        return self if scope is None else self.filter(pk__in=scope)
