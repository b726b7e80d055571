from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from people.views import LoginView, PasswordChangeView, PasswordResetView


def _form_page(view_class, heading, **options):
    """An account view shown in the college's one form page."""
    return view_class.as_view(
        template_name="registration/form_page.html",
        extra_context={"heading": heading},
        **options,
    )


def _message_page(view_class, heading, message):
    """An account view that only tells the user what happened."""
    return view_class.as_view(
        template_name="registration/message_page.html",
        extra_context={"heading": heading, "message": message},
    )


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", cms_views.search, name="search"),
    path("i18n/setlang/", set_language, name="set_language"),
    path(
        "accounts/login/",
        LoginView.as_view(),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        _message_page(
            auth_views.PasswordChangeDoneView,
            _("Password changed"),
            _("Your new password is saved."),
        ),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        _message_page(
            auth_views.PasswordResetDoneView,
            _("Check your email"),
            _(
                "If the address belongs to an account, a link to choose a new password "
                "is on its way."
            ),
        ),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        _form_page(auth_views.PasswordResetConfirmView, _("Choose your password")),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        _message_page(
            auth_views.PasswordResetCompleteView,
            _("Password saved"),
            _("You can now log in with your new password."),
        ),
        name="password_reset_complete",
    ),
    path("forum/", include("forum.urls")),
    path("", include("courses.urls")),
    path("", include("certificates.urls")),
    path("", include("coverage.urls")),
    path("", include("infrastructure.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

# The site's own error pages; Wagtail admin answers its 404s and 403s itself.
handler403 = "cms.views.permission_denied"
handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
