"""The deputy's side of offline sessions: check-in by QR code, classes, leave."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import Attendance, OfflineSession
from courses.selectors.sessions import sessions_of_deputy, sessions_open_to_register
from courses.services.checkin import checkin_token_session_id
from courses.services.sessions import (
    leave_request_create,
    session_check_in,
    session_check_in_allowed,
    session_register,
)
from courses.views.learning import deputy_or_403
from infrastructure.identity import deputy_for_user


def _checkin_context(request, token: str) -> dict:
    """The session a code names, or the reason it cannot be used."""
    context: dict = {"token": token, "error": None, "session": None}
    try:
        session_id = checkin_token_session_id(token=token)
    except ValidationError as error:
        context["error"] = error.messages[0]
        return context
    context["session"] = get_object_or_404(
        OfflineSession.objects.select_related("course"), pk=session_id
    )
    deputy = deputy_for_user(request.user)
    if deputy is None:
        context["error"] = _("Only deputies on the roster check in to sessions.")
        return context
    context["deputy"] = deputy
    context["attendance"] = Attendance.objects.filter(
        session_id=session_id, deputy=deputy
    ).first()
    if context["attendance"] is None:
        # Refused before the deputy taps: a screenshot passed to someone not listed.
        try:
            session_check_in_allowed(session=context["session"], deputy=deputy)
        except ValidationError as error:
            context["error"] = error.messages[0]
    return context


@login_required
def session_checkin(request, token: str):
    """A deputy's phone opens the code of the QR; a POST confirms the check-in."""
    context = _checkin_context(request, token)
    # Checking in twice is harmless: the page then says when the first one was.
    if request.method == "POST" and not context["error"] and not context["attendance"]:
        try:
            result = session_check_in(
                session=context["session"], deputy=context["deputy"]
            )
        except ValidationError as error:
            context["error"] = error.messages[0]
        else:
            context["attendance"] = result.attendance
            context["just_checked_in"] = True
    status = 400 if context["error"] and request.method == "POST" else 200
    return render(request, "courses/session_checkin.html", context, status=status)


@login_required
def my_sessions(request):
    deputy = deputy_or_403(request)
    return render(
        request,
        "courses/my_sessions.html",
        {
            "mine": sessions_of_deputy(deputy=deputy),
            "open": sessions_open_to_register(deputy=deputy),
        },
    )


@login_required
@require_POST
def session_register_view(request, session_id: int):
    deputy = deputy_or_403(request)
    session = get_object_or_404(OfflineSession, pk=session_id)
    try:
        session_register(session=session, deputy=deputy)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("You are registered for %(session)s.") % {"session": session.title},
        )
    return redirect("courses:my_sessions")


@login_required
@require_POST
def leave_request_view(request, session_id: int):
    deputy = deputy_or_403(request)
    session = get_object_or_404(OfflineSession, pk=session_id)
    try:
        leave_request_create(
            session=session, deputy=deputy, reason=request.POST.get("reason", "")[:500]
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Your leave request is sent; you will be told of the decision."),
        )
    return redirect("courses:my_sessions")
