"""The college's one notifications facility: in-site notices, e-mail and SMS.

    from infrastructure.notifications import notify

    notify(recipients=[user], kind="certificate_issued", title=..., body=...,
           url="/my/")
    notify(recipients=users, kind="coverage_reminder", title=..., body=...,
           channels=("site", "email", "sms"), phones={user.pk: "13800000000"})

    notify_contacts(contacts=[Contact(email=..., phone=...)], kind=..., ...)

for people without an account (e-mail and SMS only).

Phone numbers are passed by the caller (the shared home knows no roster); e-mail goes
to user.email through Django's send_mail (EMAIL_BACKEND), SMS through SMS_BACKEND.
"""

from infrastructure.notifications.services import (
    Contact,
    notification_read,
    notifications_read_all,
    notify,
    notify_contacts,
)

__all__ = [
    "Contact",
    "notification_read",
    "notifications_read_all",
    "notify",
    "notify_contacts",
]
