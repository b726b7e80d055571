"""Rate limits count per client, as the trusted proxies report it, in a shared cache;
wording of verification answers ignores hidden characters; Wagtail's default groups
hold nothing."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from certificates.masking import mask_name
from infrastructure.clientip import client_ip


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_appended_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4" itself; our proxy appended the real address.
    request = _request("10.0.0.2", "1.2.3.4, 198.51.100.9")
    assert client_ip(request) == "198.51.100.9"


@pytest.mark.django_db
def test_two_visitors_behind_the_proxy_have_separate_buckets(settings, client):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CERTIFICATE_VERIFY_RATE = "2/m"
    url = "/certificates/verify/" + "A" * 32 + "/"
    for _ in range(2):
        client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    blocked = client.get(
        url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    other = client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert blocked.status_code == 429
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张\u200b明", "张*"), ("张\u202e明", "张*"), ("\u3000张明\u3000", "张*")],
)
def test_hidden_characters_do_not_change_a_masked_name(name, masked):
    assert mask_name(name) == mask_name("张明") == masked


@pytest.mark.django_db
def test_wagtails_default_groups_hold_no_permission():
    leftovers = Group.objects.filter(name__in=["Editors", "Moderators"])
    assert not GroupPagePermission.objects.filter(group__in=leftovers).exists()
    assert not GroupCollectionPermission.objects.filter(group__in=leftovers).exists()
    assert not any(group.permissions.exists() for group in leftovers)
