"""Registering for a forum edition (POST from its page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import services
from forum.models import ForumEditionPage
from forum.querysets import forum_deputy


def _edition(edition_id: int) -> ForumEditionPage:
    return get_object_or_404(ForumEditionPage.objects.live(), pk=edition_id)


@login_required
@require_POST
def edition_register_view(request, edition_id: int):
    edition = _edition(edition_id)
    deputy = forum_deputy(request.user)
    if deputy is None:
        raise PermissionDenied(_("Only deputies in office register for the forum."))
    try:
        if request.POST.get("withdraw"):
            services.edition_unregister(edition=edition, deputy=deputy)
            messages.success(request, _("Your registration is withdrawn."))
        else:
            services.edition_register(edition=edition, deputy=deputy)
            messages.success(request, _("You are registered for this edition."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(edition.url)
