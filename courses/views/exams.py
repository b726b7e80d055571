"""Course exams (start, submit) and extra attempts granted from a deputy's record."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from courses.forms import quiz_answers_from_post
from courses.models import ExamPage, ModulePage
from courses.permissions import can_grant_attempts
from courses.services.exams import exam_start, exam_submit
from courses.services.rounds import attempts_grant
from courses.views.learning import deputy_or_403
from people.models import Deputy


@login_required
@require_POST
def exam_start_view(request, exam_id: int):
    deputy = deputy_or_403(request)
    exam = get_object_or_404(ExamPage.objects.live(), pk=exam_id)
    try:
        exam_start(deputy=deputy, exam=exam)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(exam.url)


@login_required
@require_POST
def exam_submit_view(request, exam_id: int):
    deputy = deputy_or_403(request)
    exam = get_object_or_404(ExamPage.objects.live(), pk=exam_id)
    try:
        attempt = exam_submit(
            deputy=deputy, exam=exam, answers=quiz_answers_from_post(request.POST)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(exam.url)
    if attempt.late:
        messages.warning(
            request,
            _(
                "Time was up: answers sent after the time limit are not counted. "
                "Score: %(score)d%%."
            )
            % {"score": attempt.score},
        )
    elif attempt.passed:
        messages.success(
            request,
            _("Passed with %(score)d%%. The explanations are below.")
            % {"score": attempt.score},
        )
    else:
        messages.warning(
            request,
            _("%(score)d%% is below the pass mark. Read the explanations below.")
            % {"score": attempt.score},
        )
    return redirect(exam.url)


class AttemptGrantForm(forms.Form):
    module = forms.IntegerField(required=False, widget=forms.HiddenInput)
    block_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    exam = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attempts = forms.IntegerField(
        label=gettext_lazy("Attempts"), min_value=1, max_value=10, initial=1
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


@login_required
@require_POST
def attempts_grant_view(request, deputy_id: int):
    """From the deputy's record page: only a deputy within the administrator's scope."""
    if not can_grant_attempts(request.user):
        raise PermissionDenied
    deputy = get_object_or_404(Deputy.objects.visible_to(request.user), pk=deputy_id)
    record = reverse("certificates:deputy_record", args=[deputy.pk])
    form = AttemptGrantForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Give a number of attempts between 1 and 10 and the reason."),
        )
        return redirect(record)
    data = form.cleaned_data
    module = exam = None
    if data["module"]:
        module = get_object_or_404(ModulePage, pk=data["module"])
    elif data["exam"]:
        exam = get_object_or_404(ExamPage, pk=data["exam"])
    try:
        attempts_grant(
            deputy=deputy,
            granted_by=request.user,
            attempts=data["attempts"],
            reason=data["reason"],
            module=module,
            block_id=data["block_id"] or "",
            exam=exam,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(record)
    messages.success(
        request,
        _("%(name)s has %(count)d more attempts.")
        % {"name": deputy.name, "count": data["attempts"]},
    )
    return redirect(record)
