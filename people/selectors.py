"""Reads over people: which login account an identifier names."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q

from people.models import Deputy


def account_for_identifier(identifier: str) -> AbstractBaseUser | None:
    """The account a login identifier names: a username, a deputy number, a mobile
    phone or a roster e-mail. None when it names nobody or more than one account.

    Each condition is an equality on an indexed column (e-mails are stored in lower
    case), so the lookup never scans the roster.
    """
    identifier = identifier.strip()
    if not identifier:
        return None
    User = get_user_model()
    user = User.objects.filter(username=identifier).first()
    if user is not None:
        return user
    matches = list(
        Deputy.objects.filter(
            Q(deputy_no=identifier) | Q(phone=identifier) | Q(email=identifier.lower()),
            user__isnull=False,
        )
        .select_related("user")
        .order_by("pk")[:2]
    )
    # Unknown, or ambiguous: refuse rather than guess.
    return matches[0].user if len(matches) == 1 else None


def deputy_has_left_office(user: AbstractBaseUser) -> bool:
    return Deputy.objects.filter(user_id=user.pk, is_active=False).exists()
