"""Account pages of the site, and the roster's admin views (import, login accounts)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_ratelimit.core import is_ratelimited
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from infrastructure.branding import site_name
from infrastructure.clientip import ratelimit_key
from infrastructure.identity import deputy_for_user
from infrastructure.uploads import body_too_large
from people.forms import CollegePasswordResetForm, LoginForm, RosterUploadForm
from people.middleware import SESSION_KEY
from people.models import Deputy
from people.permissions import can_manage_roster
from people.services.accounts import deputy_account_activate, deputy_invite
from people.services.roster_import import RosterFileError, deputies_import
from people.staging import (
    roster_file_discard,
    roster_file_read,
    roster_file_stage,
)


class LoginView(auth_views.LoginView):
    """The site's login: deputies land on their learning, staff on the admin."""

    authentication_form = LoginForm

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        if deputy_for_user(user) is None and user.has_perm("wagtailadmin.access_admin"):
            return reverse("wagtailadmin_home")
        return super().get_default_redirect_url()


class PasswordResetView(auth_views.PasswordResetView):
    """Password reset by e-mail, rate-limited per address and per e-mail asked for."""

    form_class = CollegePasswordResetForm
    template_name = "registration/form_page.html"
    email_template_name = "registration/password_reset_email.txt"
    extra_context = {
        "heading": gettext_lazy("Reset your password"),
        "submit_label": gettext_lazy("Send me the link"),
    }

    def post(self, request, *args, **kwargs):
        limited = [
            is_ratelimited(
                request,
                group="password-reset",
                key=key,
                rate=settings.PASSWORD_RESET_RATE,
                increment=True,
            )
            for key in (ratelimit_key, "post:email")
        ]
        if any(limited):
            response = render(
                request,
                "registration/message_page.html",
                {
                    "heading": _("Too many requests"),
                    "message": _(
                        "Too many password reset requests were made. Wait an hour "
                        "and try again, or ask your delegation's training "
                        "administrator."
                    ),
                },
                status=429,
            )
            response["Retry-After"] = "3600"
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # The mail names the college as its settings do, not the host name.
        self.extra_email_context = {"site_name": site_name()}
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")
    template_name = "registration/form_page.html"
    extra_context = {"heading": gettext_lazy("Choose your password")}

    def form_valid(self, form):
        response = super().form_valid(form)
        Deputy.objects.filter(user=self.request.user).update(
            password_change_required=False
        )
        self.request.session.pop(SESSION_KEY, None)
        return response


class RosterAdminView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """An admin page for those who may change the roster."""

    permission_policy = ModelPermissionPolicy(Deputy)
    permission_required = "change"


class RosterImportView(RosterAdminView):
    """Upload, preview with every row's problems, confirm."""

    template_name = "people/admin/roster_import.html"
    page_title = gettext_lazy("Import roster")
    header_icon = "upload"

    def user_has_permission(self, permission):
        return super().user_has_permission(permission) and can_manage_roster(
            self.request.user
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=RosterUploadForm()))

    def post(self, request, *args, **kwargs):
        if request.POST.get("token"):
            return self._confirm(request)
        return self._preview(request)

    def _preview(self, request):
        if body_too_large(request, max_file_bytes=RosterUploadForm.MAX_BYTES):
            # Refused on its declared size, before the body is read.
            form = RosterUploadForm()
            form.errors["file"] = form.error_class([RosterUploadForm.too_large()])
            return self.render_to_response(self.get_context_data(form=form))
        form = RosterUploadForm(request.POST, request.FILES)
        context = {"form": form}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                result = deputies_import(
                    content=content, filename=upload.name, dry_run=True
                )
            except RosterFileError as error:
                form.add_error("file", str(error))
            else:
                context.update(result=result, filename=upload.name)
                if result.ok:
                    context["token"] = roster_file_stage(content)
        return self.render_to_response(self.get_context_data(**context))

    def _confirm(self, request):
        token = request.POST["token"]
        content = roster_file_read(token)
        if content is None:
            messages.error(
                request, _("The uploaded file has expired; upload it again.")
            )
            return redirect("roster_import")
        try:
            result = deputies_import(
                content=content, filename=request.POST.get("filename", "")
            )
        except RosterFileError as error:
            messages.error(request, str(error))
            return redirect("roster_import")
        roster_file_discard(token)
        if result.errors:
            context = {"form": RosterUploadForm(), "result": result}
            return self.render_to_response(self.get_context_data(**context))
        messages.success(
            request,
            _(
                "Roster imported: %(created)d new, %(updated)d updated, "
                "%(unchanged)d unchanged."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
        return redirect("deputies:index")


class DeputyAccountView(RosterAdminView):
    """A deputy's login account: a one-time password, or an invitation by email."""

    template_name = "people/admin/deputy_account.html"
    page_title = gettext_lazy("Login account")
    header_icon = "key"

    def get_deputy(self) -> Deputy:
        # Outside the administrator's delegations the deputy does not exist.
        deputies = Deputy.objects.visible_to(self.request.user)
        return get_object_or_404(
            deputies.select_related("user", "delegation", "term"),
            pk=self.kwargs["deputy_id"],
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(deputy=self.get_deputy()))

    def post(self, request, *args, **kwargs):
        deputy = self.get_deputy()
        context = {"deputy": deputy}
        try:
            if request.POST.get("action") == "activate":
                context["initial_password"] = deputy_account_activate(deputy=deputy)
            elif request.POST.get("action") == "invite":
                deputy_invite(deputy=deputy)
                messages.success(
                    request,
                    _("An invitation was sent to %(email)s.") % {"email": deputy.email},
                )
                return redirect("deputy_account", deputy_id=deputy.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return self.render_to_response(self.get_context_data(**context))
