"""A deputy given a one-time password is sent to change it after logging in."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from people.middleware import SESSION_KEY
from people.models import Deputy


@receiver(user_logged_in)
def remember_password_change_required(sender, request, user, **kwargs):
    if Deputy.objects.filter(user=user, password_change_required=True).exists():
        request.session[SESSION_KEY] = True
