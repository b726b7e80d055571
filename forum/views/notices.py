"""Must-read notices for staff: mark a topic, see who has not read it, remind them.

Staff see only the deputies in their delegation scope (`Deputy.objects.visible_to`);
a notice on a board they may not read answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forum import selectors, services
from forum.forms import NoticeForm
from forum.models import MustReadNotice, Topic
from forum.permissions import can_manage_notices, can_mark_notice
from forum.views.discussion import _topic
from people.querysets import delegation_scope

PAGE_SIZE = 50


def _manager_or_403(request) -> None:
    if not can_manage_notices(request.user):
        raise PermissionDenied


@login_required
def notice_list_view(request):
    _manager_or_403(request)
    notices = Paginator(selectors.notices_managed(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    rows = [
        (notice, selectors.notice_readership(notice=notice, user=request.user))
        for notice in notices
    ]
    return render(
        request, "forum/notice_list.html", {"page_obj": notices, "rows": rows}
    )


@login_required
def notice_detail_view(request, notice_id: int):
    _manager_or_403(request)
    notice = get_object_or_404(
        selectors.notices_managed(user=request.user), pk=notice_id
    )
    readership = selectors.notice_readership(notice=notice, user=request.user)
    unread = Paginator(
        selectors.notice_unread_in_scope(notice=notice, user=request.user)
        .select_related("delegation")
        .only("pk", "name", "deputy_no", "delegation__name"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/notice_detail.html",
        {"notice": notice, "readership": readership, "page_obj": unread},
    )


@login_required
@require_POST
def notice_remind_view(request, notice_id: int):
    _manager_or_403(request)
    notice = get_object_or_404(
        selectors.notices_managed(user=request.user), pk=notice_id
    )
    told = services.notice_remind(notice=notice, actor=request.user)
    if told:
        messages.success(
            request,
            ngettext(
                "%(count)d deputy was reminded.",
                "%(count)d deputies were reminded.",
                told,
            )
            % {"count": told},
        )
    else:
        messages.info(
            request,
            _(
                "Nobody to remind: everyone in your scope has read it or was "
                "reminded less than an hour ago."
            ),
        )
    return redirect("forum:notice", notice_id=notice.pk)


@login_required
def notice_mark_view(request, topic_id: int):
    topic = _topic(request, topic_id)
    if not isinstance(topic, Topic):
        return topic
    if not can_mark_notice(request.user, topic):
        raise PermissionDenied
    existing = MustReadNotice.objects.filter(topic=topic).first()
    scoped = delegation_scope(request.user) is not None
    initial = (
        {
            "audience": existing.audience,
            "delegation": existing.delegation_id,
            "requirement": existing.requirement_id,
        }
        if existing
        else {}
    )
    form = NoticeForm(
        request.POST or None, initial=initial, user=request.user, scoped=scoped
    )
    context = {"board": topic.board, "topic": topic, "form": form, "notice": existing}
    if request.method == "POST" and "clear" in request.POST:
        services.notice_clear(topic=topic, actor=request.user)
        messages.success(request, _("The topic is no longer required reading."))
        return redirect("forum:topic", topic_id=topic.pk)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_mark(
                topic=topic,
                actor=request.user,
                audience=form.cleaned_data["audience"],
                delegation=form.cleaned_data.get("delegation"),
                requirement=form.cleaned_data.get("requirement"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The topic is now required reading."))
            return redirect("forum:notice", notice_id=notice.pk)
    return render(request, "forum/notice_form.html", context)
