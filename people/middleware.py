"""A deputy given a one-time initial password must choose their own first; staff
limited to some delegations do not read the congress-wide site history."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from people.querysets import delegation_scope

SESSION_KEY = "password_change_required"


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(SESSION_KEY) and request.user.is_authenticated:
            allowed = {reverse("password_change"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)


# Wagtail's site history shows every change to a model the user may view, whatever
# the row; its entries carry deputies' names. It has no row-level filter, so staff
# limited to some delegations do not get it (their own lists have each row's
# history, scoped).
SITE_HISTORY_URLS = (
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
)


class ScopedStaffSiteHistoryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path in {reverse(name) for name in SITE_HISTORY_URLS}
            and delegation_scope(user) is not None
        ):
            raise PermissionDenied
        return self.get_response(request)
