"""Deputies log in with their deputy number, mobile phone or email."""

from django.contrib.auth.backends import ModelBackend

from people.models import Deputy


class DeputyLoginBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        matches = list(
            Deputy.objects.active()
            .find_by_login(username)
            .filter(user__isnull=False)
            .select_related("user")[:2]
        )
        if len(matches) != 1:
            return None  # unknown, or ambiguous: refuse rather than guess
        user = matches[0].user
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
