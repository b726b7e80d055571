"""The logged-in user's notices: the list, and marking them read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infrastructure.models import DigestPreference, Notification
from infrastructure.notifications import notification_read, notifications_read_all
from infrastructure.notifications.digest import digest_preference_set

PAGE_SIZE = 20


@login_required
def notification_list(request):
    notifications = Notification.objects.inbox_of(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    digest = DigestPreference.objects.filter(
        user=request.user, daily_email=True
    ).exists()
    return render(
        request,
        "notifications/notification_list.html",
        {"page_obj": page, "digest_on": digest},
    )


@login_required
@require_POST
def digest_preference_view(request):
    on = request.POST.get("on") == "1"
    if on and not (request.user.email or "").strip():
        messages.error(
            request,
            _("Your account has no e-mail address: ask the college to add one."),
        )
        return _back_to_list(request)
    digest_preference_set(user=request.user, daily_email=on)
    messages.success(
        request,
        _("You will receive a daily e-mail digest of unread notices.")
        if on
        else _("You will no longer receive the daily e-mail digest."),
    )
    return _back_to_list(request)


def _back_to_list(request):
    """The list page the form was posted from."""
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return redirect(f"{url}?page={int(page)}" if page.isdigit() else url)


@login_required
@require_POST
def notification_read_view(request, notification_id: int):
    # Another user's notice does not exist, as far as this user can tell.
    notification = get_object_or_404(
        Notification.objects.inbox_of(request.user), pk=notification_id
    )
    notification_read(notification=notification)
    if (
        "open" in request.POST
        and notification.url
        and url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}
        )
    ):
        return redirect(notification.url)
    return _back_to_list(request)


@login_required
@require_POST
def notifications_read_all_view(request):
    count = notifications_read_all(recipient=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return _back_to_list(request)
