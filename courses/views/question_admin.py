"""Question bank admin: import questions from the XLSX template, download it."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from courses.models import Question, QuestionBank
from courses.services.question_import import (
    QuestionImportError,
    question_template_xlsx,
    questions_import,
)
from infrastructure.uploads import body_too_large

MAX_BYTES = 2 * 1024 * 1024


class QuestionImportForm(forms.Form):
    bank = forms.ModelChoiceField(
        label=gettext_lazy("Question bank"), queryset=QuestionBank.objects.all()
    )
    file = forms.FileField(
        label=gettext_lazy("Question file (XLSX)"),
        help_text=gettext_lazy("At most 2 MB, filled in from the template."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class QuestionAdminView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    permission_policy = ModelPermissionPolicy(Question)
    permission_required = "add"


class QuestionImportView(QuestionAdminView):
    template_name = "courses/admin/question_import.html"
    page_title = gettext_lazy("Import questions")
    header_icon = "upload"

    def get(self, request, *args, **kwargs):
        form = QuestionImportForm(initial={"bank": request.GET.get("bank")})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        if body_too_large(request, max_file_bytes=MAX_BYTES):
            form = QuestionImportForm()
            form.errors["file"] = form.error_class([_("The file is larger than 2 MB.")])
            return self.render_to_response(self.get_context_data(form=form))
        form = QuestionImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload, bank = form.cleaned_data["file"], form.cleaned_data["bank"]
        try:
            count = questions_import(
                bank=bank, content=upload.read(), filename=upload.name
            )
        except QuestionImportError as error:
            context = {"form": form, "errors": error.errors}
            return self.render_to_response(self.get_context_data(**context))
        messages.success(
            request,
            _("%(count)d questions added to %(bank)s.")
            % {"count": count, "bank": bank.name},
        )
        return redirect(reverse("questions:index") + f"?bank={bank.pk}")


class QuestionTemplateView(QuestionAdminView):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            question_template_xlsx(),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
        response["Content-Disposition"] = 'attachment; filename="question-bank.xlsx"'
        return response
