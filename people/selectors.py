"""Reads over people: which login account an identifier names."""

import difflib

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from infrastructure.text import text_match_key
from people.models import Delegation, DelegationAlias, Deputy


def account_for_identifier(identifier: str) -> AbstractBaseUser | None:
    """The account a login identifier names: a username, a deputy number, a mobile
    phone, a roster e-mail or the account's own e-mail. None when it names nobody or
    more than one account.

    Each condition is an equality on an indexed column (roster e-mails are stored in
    lower case; accounts' e-mails are compared through the index on their lower
    case), so the lookup never scans the roster or the accounts.
    """
    identifier = identifier.strip()
    if not identifier:
        return None
    User = get_user_model()
    user = User.objects.filter(username=identifier).first()
    if user is not None:
        return user
    deputies = (
        Deputy.objects.filter(
            Q(deputy_no=identifier) | Q(phone=identifier) | Q(email=identifier.lower()),
            user__isnull=False,
        )
        .select_related("user")
        .order_by("pk")[:2]
    )
    matches = {deputy.user_id: deputy.user for deputy in deputies}
    if "@" in identifier and len(matches) < 2:
        for account in _accounts_by_own_email(identifier)[:2]:
            matches.setdefault(account.pk, account)
    # Unknown, or ambiguous: refuse rather than guess.
    return next(iter(matches.values())) if len(matches) == 1 else None


def _accounts_by_own_email(email: str) -> QuerySet:
    """Accounts whose own e-mail is this one, in any case; served by the index
    people_user_email_lower_idx."""
    User = get_user_model()
    return (
        User.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower())
        .order_by("pk")
    )


def accounts_for_email(email: str) -> list[tuple[AbstractBaseUser, str]]:
    """Active accounts an e-mail belongs to, each with the address as stored: the
    account's own e-mail or its deputy's roster e-mail. Never an account of a deputy
    who has left office."""
    email = email.strip().lower()
    if not email:
        return []
    accounts: dict[int, tuple[AbstractBaseUser, str]] = {
        account.pk: (account, account.email)
        for account in _accounts_by_own_email(email).filter(is_active=True)
    }
    for deputy in Deputy.objects.filter(
        email=email, user__isnull=False, user__is_active=True
    ).select_related("user"):
        if deputy.user is not None:
            accounts.setdefault(deputy.user.pk, (deputy.user, deputy.email))
    left = set(
        Deputy.objects.filter(user_id__in=accounts, is_active=False).values_list(
            "user_id", flat=True
        )
    )
    return [found for pk, found in sorted(accounts.items()) if pk not in left]


def deputy_has_left_office(user: AbstractBaseUser) -> bool:
    return Deputy.objects.filter(user_id=user.pk, is_active=False).exists()


def delegations_by_name() -> dict[str, Delegation]:
    """Every delegation under the match key of its name and of each of its aliases."""
    delegations = {d.pk: d for d in Delegation.objects.all()}
    names = {text_match_key(d.name): d for d in delegations.values()}
    for delegation_id, alias in DelegationAlias.objects.values_list(
        "delegation_id", "name"
    ):
        names.setdefault(alias, delegations[delegation_id])
    return names


def delegation_closest(name: str, names: dict[str, Delegation]) -> Delegation | None:
    """The delegation whose name or alias is most like `name` (a typo), if any is."""
    close = difflib.get_close_matches(text_match_key(name), names, n=1, cutoff=0.5)
    return names[close[0]] if close else None
