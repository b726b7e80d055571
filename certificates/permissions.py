"""Who may issue, revoke and download certificates.

Certificates are issued, never typed in: the admin's generic views may list and
inspect them but not add, edit or delete them; issuing ("add"), revoking and
re-issuing ("change") go through the certificate views and services.
"""

from collections.abc import Iterable

from wagtail.permission_policies import ModelPermissionPolicy

from certificates.models import Certificate
from infrastructure.identity import AnyUser


class IssuedCertificatePolicy(ModelPermissionPolicy):
    """The generic admin views' policy: reading only."""

    READ_ONLY = {"view"}

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        return action in self.READ_ONLY and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: AnyUser, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


certificate_policy = ModelPermissionPolicy(Certificate)


def can_view_certificates(user: AnyUser) -> bool:
    """Certificate staff, who read the certificates within their scope."""
    return certificate_policy.user_has_permission(user, "view")


def can_issue_certificates(user: AnyUser) -> bool:
    return certificate_policy.user_has_permission(user, "add")


def can_revoke_certificates(user: AnyUser) -> bool:
    return certificate_policy.user_has_permission(user, "change")
