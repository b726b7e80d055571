"""The client's address as the configured trusted proxies report it.

Behind a reverse proxy REMOTE_ADDR is the proxy's: every visitor would share one
rate-limit bucket. With TRUSTED_PROXY_COUNT = n, the address is the n-th entry
from the right of X-Forwarded-For (the one our own proxies appended); entries
further left are the client's say-so and are never trusted.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key: one bucket per client address."""
    return client_ip(request)
