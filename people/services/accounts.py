"""Deputies' login accounts: activation by an administrator, invitation by email."""

import secrets
import string
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from infrastructure.branding import site_name
from infrastructure.links import absolute_url
from people.models import Deputy

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# No 0/O or 1/l: older deputies type these from paper.
PASSWORD_ALPHABET = "".join(
    c for c in string.ascii_letters + string.digits if c not in "0O1lI"
)


def _account_for(deputy: Deputy) -> "User":
    """The deputy's login account, made on first need; only for deputies in office."""
    if not deputy.is_active:
        raise ValidationError(
            _("%(name)s has left office; no account can be activated.")
            % {"name": deputy.name}
        )
    if deputy.user is not None:
        return deputy.user
    User = get_user_model()
    username = f"{deputy.term.number}-{deputy.deputy_no}"
    user, _created = User.objects.get_or_create(
        username=username, defaults={"first_name": deputy.name, "email": deputy.email}
    )
    deputy.user = user
    deputy.save(update_fields=["user", "updated_at"])
    return user


@transaction.atomic
def deputy_account_activate(*, deputy: Deputy) -> str:
    """Give a deputy an account with a one-time password, to change at first login."""
    user = _account_for(deputy)
    password = "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(10))
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    deputy.password_change_required = True
    deputy.save(update_fields=["password_change_required", "updated_at"])
    return password


@transaction.atomic
def deputy_invite(*, deputy: Deputy) -> None:
    """Email the deputy a link to choose a password (the password-reset mechanism)."""
    if not deputy.email:
        raise ValidationError(
            _("%(name)s has no email address on the roster.") % {"name": deputy.name}
        )
    user = _account_for(deputy)
    user.email = deputy.email
    user.save(update_fields=["email"])
    link = absolute_url(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    body = render_to_string(
        "registration/invitation_email.txt",
        {"deputy": deputy, "link": link, "user": user, "site_name": site_name()},
    )
    subject = _("Your %(site_name)s account") % {"site_name": site_name()}
    transaction.on_commit(lambda: send_mail(subject, body, None, [deputy.email]))
