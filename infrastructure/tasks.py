"""Background work of the shared home: thin wrappers around services, safe to rerun."""

from django_tasks import task


@task()
def notifications_send_task(
    channel: str, notification_ids: list[int], phones: dict[str, str] | None = None
) -> int:
    """Send notifications by e-mail or SMS; one already sent is not sent again."""
    # Imported here: the notifications package enqueues this task when imported.
    from infrastructure.notifications.delivery import notifications_send

    return notifications_send(
        channel=channel,
        notification_ids=notification_ids,
        # Keys arrive as strings once the arguments went through JSON.
        phones={int(user_id): phone for user_id, phone in (phones or {}).items()},
    )


@task()
def digests_send_task(user_ids: list[int]) -> int:
    """Send the daily digest to these users; a user's notices go out once."""
    from infrastructure.notifications.digest import digests_send

    return digests_send(user_ids=user_ids)
