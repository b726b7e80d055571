"""The forum's pages: thin views that check a `can_*`, call a service or selector.

A board, topic or post the user may not read answers 404 to a logged-in user (as if
it did not exist) and sends an anonymous visitor to the login page.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from forum import selectors, services
from forum.forms import EditForm, MoveForm, ReasonForm, ReplyForm, TopicForm
from forum.models import Board, ModerationAction, Post, Report, Subscription, Topic
from forum.permissions import (
    can_delete_post,
    can_edit_post,
    can_manage_notices,
    can_mark_notice,
    can_post_in_board,
    can_reply,
    can_report,
    is_forum_moderator,
)
from forum.rendering import markdown_render
from forum.services.attachments import max_bytes, max_per_post
from infrastructure.uploads import body_too_large

A = ModerationAction.Action


def _not_readable(request) -> HttpResponse:
    """Anonymous: log in first; logged in: as if it did not exist."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def _board(request, slug: str) -> Board | HttpResponse:
    board = Board.objects.visible_to(request.user).filter(slug=slug).first()
    if board is None:
        if Board.objects.filter(slug=slug).exists():
            return _not_readable(request)
        raise Http404
    return board


def _topic(request, topic_id: int) -> Topic | HttpResponse:
    topic = (
        Topic.objects.visible_to(request.user)
        .select_related("board")
        .filter(pk=topic_id)
        .first()
    )
    if topic is None:
        return _not_readable(request)
    return topic


def _post(request, post_id: int) -> Post | HttpResponse:
    post = (
        Post.objects.visible_to(request.user)
        .select_related("topic__board", "author__deputy")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        return _not_readable(request)
    return post


def _limited(request, group: str, rate: str) -> bool:
    return is_ratelimited(request, group=group, key="user", rate=rate, increment=True)


def _too_fast(request, template: str, context: dict, message: str):
    context = {**context, "rate_error": message}
    return render(request, template, context, status=429)


def _upload_too_large(request) -> bool:
    """Files and text together larger than a post may carry: refused unread."""
    return request.method == "POST" and body_too_large(
        request,
        max_file_bytes=max_bytes() * max_per_post() + 4 * services.MAX_BODY,
    )


def _too_large(request, template: str, context: dict) -> HttpResponse:
    message = _(
        "The files are too large: at most %(count)d files of %(size)d MB each."
    ) % {"count": max_per_post(), "size": max_bytes() // (1024 * 1024)}
    return render(request, template, {**context, "rate_error": message}, status=413)


def _post_too_fast_message() -> str:
    return _("You are posting too fast. Wait a minute, then send it again.")


def forum_index(request):
    boards = selectors.board_list(user=request.user)
    return render(
        request,
        "forum/index.html",
        {
            "boards": boards,
            "is_moderator": is_forum_moderator(request.user),
            "must_read": {"topics": selectors.must_read_for(user=request.user)},
            "can_manage_notices": can_manage_notices(request.user),
        },
    )


def board_detail(request, slug: str):
    board = _board(request, slug)
    if not isinstance(board, Board):
        return board
    topics = selectors.board_topics(
        board=board, user=request.user, page=request.GET.get("page")
    )
    return render(
        request,
        "forum/board.html",
        {
            "board": board,
            "page_obj": topics.page,
            "can_start_topic": can_post_in_board(request.user, board),
        },
    )


def course_board_view(request, course_id: int):
    """A course page's link to its discussion: the course's board, if readable."""
    board = (
        Board.objects.visible_to(request.user)
        .filter(course_id=course_id)
        .order_by("pk")
        .first()
    )
    if board is None:
        if Board.objects.filter(course_id=course_id).exists():
            return _not_readable(request)
        raise Http404
    if request.GET.get("new"):
        return redirect("forum:topic_create", slug=board.slug)
    return redirect("forum:board", slug=board.slug)


@login_required
@require_POST
def board_read_view(request, slug: str):
    board = _board(request, slug)
    if not isinstance(board, Board):
        return board
    services.board_mark_read(user=request.user, board=board)
    messages.success(request, _("All topics of this board are marked as read."))
    return redirect("forum:board", slug=board.slug)


def topic_detail(request, topic_id: int):
    topic = _topic(request, topic_id)
    if not isinstance(topic, Topic):
        return topic
    user = request.user
    posts = selectors.topic_posts(topic=topic, user=user)
    read_number = selectors.topic_read_number(user=user, topic=topic)
    if request.GET.get("unread"):
        number = selectors.first_unread_number(posts=posts, read_number=read_number)
        if number is None:
            number = topic.last_number or 1
        page = selectors.topic_page_of_number(posts=posts, number=number)
        url = reverse("forum:topic", args=[topic.pk])
        return redirect(f"{url}?page={page}#post-{number}")
    posts = posts.prefetch_related("attachments")
    page = Paginator(posts, selectors.POSTS_PER_PAGE).get_page(request.GET.get("page"))
    moderator = is_forum_moderator(user)
    shown = list(page.object_list)
    reported = (
        set(
            Report.objects.filter(
                reporter=user, post__in=[p.pk for p in shown]
            ).values_list("post_id", flat=True)
        )
        if user.is_authenticated and shown
        else set()
    )
    for post in shown:
        post.topic = topic
        post.is_unread = user.is_authenticated and post.number > read_number
        post.can_edit = can_edit_post(user, post, moderator=moderator)
        post.can_delete = can_delete_post(user, post, moderator=moderator)
        post.is_reported = post.pk in reported
        post.can_report = can_report(user, post) and not post.is_reported
    if user.is_authenticated and shown:
        services.topic_mark_read(
            user=user, topic=topic, number=max(p.number for p in shown)
        )
    subscribed = (
        user.is_authenticated
        and Subscription.objects.filter(user=user, topic=topic).exists()
    )
    may_reply = can_reply(user, topic, moderator=moderator, readable=True)
    return render(
        request,
        "forum/topic.html",
        {
            "board": topic.board,
            "topic": topic,
            "page_obj": page,
            "posts": shown,
            "has_unread": user.is_authenticated and topic.last_number > read_number,
            "subscribed": subscribed,
            "can_reply": may_reply,
            "is_moderator": moderator,
            "reply_form": (
                ReplyForm(mentions_url=_mentions_url(topic.board))
                if may_reply
                else None
            ),
            "topic_actions": _topic_actions(topic) if moderator else [],
            "can_mark_notice": can_mark_notice(user, topic),
        },
    )


# What a moderator does (the button and the form's heading), not what the log says
# was done (Action.label: "Locked", "Pinned").
_TOPIC_ACTION_LABELS = {
    A.PIN: gettext_lazy("Pin"),
    A.UNPIN: gettext_lazy("Unpin"),
    A.LOCK: gettext_lazy("Lock"),
    A.UNLOCK: gettext_lazy("Unlock"),
    A.HIDE: gettext_lazy("Hide"),
    A.UNHIDE: gettext_lazy("Show again"),
}


def _topic_actions(topic: Topic) -> list[tuple[str, str]]:
    actions = [
        A.UNPIN if topic.is_pinned else A.PIN,
        A.UNLOCK if topic.is_locked else A.LOCK,
        A.UNHIDE if topic.is_hidden else A.HIDE,
    ]
    return [(action, _TOPIC_ACTION_LABELS[action]) for action in actions]


def post_permalink(request, post_id: int):
    post = _post(request, post_id)
    if not isinstance(post, Post):
        return post
    posts = selectors.topic_posts(topic=post.topic, user=request.user)
    page = selectors.topic_page_of_number(posts=posts, number=post.number)
    url = reverse("forum:topic", args=[post.topic_id])
    return redirect(f"{url}?page={page}#post-{post.number}")


def _mentions_url(board: Board) -> str:
    return reverse("forum:mentions", args=[board.slug])


def _preview(form) -> str:
    body = form.data.get("body", "")
    return markdown_render(body) if body.strip() else ""


def _post_form_submit(request, template: str, context: dict, form, write):
    """The steps every post form takes: show, preview, rate limit, then write.

    Returns (what was written, None), or (None, the response to give instead).
    """
    if request.method != "POST" or not form.is_valid():
        return None, render(request, template, context)
    if "preview" in request.POST:
        return None, render(request, template, {**context, "preview": _preview(form)})
    if _limited(request, "forum-post", settings.FORUM_POST_RATE):
        return None, _too_fast(request, template, context, _post_too_fast_message())
    try:
        return write(form.cleaned_data), None
    except ValidationError as error:
        form.add_error(None, error)
        return None, render(request, template, context)


@login_required
def topic_create_view(request, slug: str):
    board = _board(request, slug)
    if not isinstance(board, Board):
        return board
    if not can_post_in_board(request.user, board):
        raise PermissionDenied(_("Only staff post on this board."))
    template = "forum/topic_form.html"
    context = {"board": board}
    if _upload_too_large(request):
        context["form"] = TopicForm(mentions_url=_mentions_url(board))
        return _too_large(request, template, context)
    form = TopicForm(
        request.POST or None, request.FILES or None, mentions_url=_mentions_url(board)
    )
    context["form"] = form
    topic, response = _post_form_submit(
        request,
        template,
        context,
        form,
        lambda data: services.topic_create(
            board=board,
            author=request.user,
            title=data["title"],
            body=data["body"],
            client_token=data["token"],
            attachments=data["attachments"],
        ),
    )
    if response is not None:
        return response
    if not topic.is_public:
        messages.info(request, _("Your topic is waiting for a moderator's approval."))
    return redirect("forum:topic", topic_id=topic.pk)


@login_required
def reply_view(request, topic_id: int):
    topic = _topic(request, topic_id)
    if not isinstance(topic, Topic):
        return topic
    if not can_reply(request.user, topic, readable=True):
        raise PermissionDenied(_("You cannot reply to this topic."))
    template = "forum/reply_form.html"
    initial = {}
    quoted = None
    if request.method == "GET" and request.GET.get("quote", "").isdigit():
        # The quoted post must be one the user may read, in this topic.
        quoted = (
            selectors.topic_posts(topic=topic, user=request.user)
            .filter(pk=int(request.GET["quote"]), deleted_at__isnull=True)
            .first()
        )
        if quoted is not None:
            name = services.display_name(quoted.author)
            lines = "\n".join(f"> {line}" for line in quoted.body.splitlines())
            initial["body"] = f"> {name}：\n{lines}\n\n"
    context = {"board": topic.board, "topic": topic}
    if _upload_too_large(request):
        context["form"] = ReplyForm(mentions_url=_mentions_url(topic.board))
        return _too_large(request, template, context)
    form = ReplyForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        mentions_url=_mentions_url(topic.board),
    )
    context["form"] = form
    if quoted is not None:
        context["preview"] = markdown_render(initial["body"])
    post, response = _post_form_submit(
        request,
        template,
        context,
        form,
        lambda data: services.post_reply(
            topic=topic,
            author=request.user,
            body=data["body"],
            client_token=data["token"],
            attachments=data["attachments"],
        ),
    )
    if response is not None:
        return response
    if not post.is_public:
        messages.info(request, _("Your reply is waiting for a moderator's approval."))
        return redirect("forum:topic", topic_id=topic.pk)
    return redirect("forum:post", post_id=post.pk)


@login_required
@require_POST
def subscribe_view(request, topic_id: int):
    topic = _topic(request, topic_id)
    if not isinstance(topic, Topic):
        return topic
    on = request.POST.get("on") == "1"
    services.subscription_set(user=request.user, topic=topic, on=on)
    messages.success(
        request,
        _("You follow this topic.") if on else _("You no longer follow this topic."),
    )
    return redirect("forum:topic", topic_id=topic.pk)


@login_required
def post_edit_view(request, post_id: int):
    post = _post(request, post_id)
    if not isinstance(post, Post):
        return post
    moderator = is_forum_moderator(request.user)
    if not can_edit_post(request.user, post, moderator=moderator):
        raise PermissionDenied(_("This post can no longer be edited."))
    template = "forum/edit_form.html"
    form = EditForm(
        request.POST or None,
        initial={"body": post.body},
        mentions_url=_mentions_url(post.topic.board),
    )
    context = {"board": post.topic.board, "topic": post.topic, "post": post}
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        return render(request, template, context)
    if "preview" in request.POST:
        return render(request, template, {**context, "preview": _preview(form)})
    try:
        services.post_edit(
            post=post,
            editor=request.user,
            body=form.cleaned_data["body"],
            reason=form.cleaned_data["reason"],
            as_moderator=moderator,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, template, context)
    return redirect("forum:post", post_id=post.pk)


@login_required
def post_delete_view(request, post_id: int):
    post = _post(request, post_id)
    if not isinstance(post, Post):
        return post
    moderator = is_forum_moderator(request.user)
    if not can_delete_post(request.user, post, moderator=moderator):
        raise PermissionDenied(_("You cannot delete this post."))
    form = ReasonForm(request.POST or None)
    own = post.author_id == request.user.pk
    if own:
        form.fields["reason"].required = False
    if request.method == "POST" and form.is_valid():
        services.post_delete(
            post=post,
            user=request.user,
            reason=form.cleaned_data["reason"],
            as_moderator=moderator,
        )
        messages.success(request, _("The post is deleted."))
        return redirect("forum:topic", topic_id=post.topic_id)
    return render(
        request,
        "forum/confirm_form.html",
        {
            "board": post.topic.board,
            "topic": post.topic,
            "post": post,
            "form": form,
            "heading": _("Delete this post?"),
            "button": _("Delete"),
        },
    )


@login_required
def post_report_view(request, post_id: int):
    post = _post(request, post_id)
    if not isinstance(post, Post):
        return post
    if not can_report(request.user, post):
        raise PermissionDenied(_("You cannot report this post."))
    form = ReasonForm(request.POST or None)
    context = {
        "board": post.topic.board,
        "topic": post.topic,
        "post": post,
        "form": form,
        "heading": _("Report this post to the moderators"),
        "button": _("Send the report"),
    }
    template = "forum/confirm_form.html"
    if request.method == "POST" and form.is_valid():
        if _limited(request, "forum-report", settings.FORUM_REPORT_RATE):
            return _too_fast(
                request,
                template,
                context,
                _("You are sending reports too fast. Wait a minute and try again."),
            )
        services.post_report(
            post=post, reporter=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Thank you: the moderators will look at it."))
        return redirect("forum:post", post_id=post.pk)
    return render(request, template, context)


def _moderator_or_403(request) -> None:
    if not is_forum_moderator(request.user):
        raise PermissionDenied(_("Only forum moderators may do this."))


@login_required
def moderation_queue_view(request):
    _moderator_or_403(request)
    return render(
        request,
        "forum/moderation.html",
        {**selectors.moderation_queue(user=request.user), "form": ReasonForm()},
    )


@login_required
@require_POST
def post_approve_view(request, post_id: int):
    _moderator_or_403(request)
    post = _post(request, post_id)
    if not isinstance(post, Post):
        return post
    services.post_approve(
        post=post, actor=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("The post is published."))
    if request.POST.get("next") == "queue":
        return redirect("forum:moderation")
    return redirect("forum:post", post_id=post.pk)


def _reason_page(request, context: dict, form, heading: str, button: str):
    return render(
        request,
        "forum/confirm_form.html",
        {**context, "form": form, "heading": heading, "button": button},
    )


@login_required
def post_hide_view(request, post_id: int, action: str):
    _moderator_or_403(request)
    if action not in (A.HIDE, A.UNHIDE):
        raise Http404
    post = _post(request, post_id)
    if not isinstance(post, Post):
        return post
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_hide(
            post=post,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            hidden=action == A.HIDE,
        )
        return redirect("forum:post", post_id=post.pk)
    heading = _("Hide this post") if action == A.HIDE else _("Show this post again")
    context = {"board": post.topic.board, "topic": post.topic, "post": post}
    return _reason_page(request, context, form, heading, heading)


@login_required
def topic_moderate_view(request, topic_id: int, action: str):
    _moderator_or_403(request)
    if action not in services.TOPIC_FLAGS:
        raise Http404
    topic = _topic(request, topic_id)
    if not isinstance(topic, Topic):
        return topic
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.topic_moderate(
            topic=topic,
            actor=request.user,
            action=action,
            reason=form.cleaned_data["reason"],
        )
        return redirect("forum:topic", topic_id=topic.pk)
    heading = _TOPIC_ACTION_LABELS[action]
    context = {"board": topic.board, "topic": topic}
    return _reason_page(request, context, form, heading, heading)


@login_required
def topic_move_view(request, topic_id: int):
    _moderator_or_403(request)
    topic = _topic(request, topic_id)
    if not isinstance(topic, Topic):
        return topic
    boards = Board.objects.visible_to(request.user).exclude(pk=topic.board_id)
    form = MoveForm(request.POST or None, boards=boards)
    if request.method == "POST" and form.is_valid():
        services.topic_move(
            topic=topic,
            actor=request.user,
            board=form.cleaned_data["board"],
            reason=form.cleaned_data["reason"],
        )
        return redirect("forum:topic", topic_id=topic.pk)
    context = {"board": topic.board, "topic": topic}
    return _reason_page(request, context, form, _("Move the topic"), _("Move"))


@login_required
@require_POST
def report_resolve_view(request, report_id: int):
    _moderator_or_403(request)
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=report_id)
    services.report_resolve(
        report=report, actor=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("The report is closed."))
    return redirect("forum:moderation")


@login_required
@require_GET
def mentions_view(request, slug: str):
    """The @mention picker: deputies who may read this board, by part of the name."""
    board = _board(request, slug)
    if not isinstance(board, Board):
        return board
    if not can_post_in_board(request.user, board):
        raise PermissionDenied
    deputies = selectors.mention_candidates(
        board=board, query=request.GET.get("q", "")[:20]
    )
    return JsonResponse(
        {
            "results": [
                {"name": d.name, "delegation": d.delegation.name} for d in deputies
            ]
        }
    )
