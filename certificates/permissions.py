"""Who may issue, revoke and download certificates.

Certificates are issued, never typed in: the admin's generic views may list and
inspect them but not add, edit or delete them; issuing ("add"), revoking and
re-issuing ("change") go through the certificate views and services.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from certificates.models import Certificate


class IssuedCertificatePolicy(ModelPermissionPolicy):
    """The generic admin views' policy: reading only."""

    READ_ONLY = {"view"}

    def user_has_permission(self, user, action):
        return action in self.READ_ONLY and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


certificate_policy = ModelPermissionPolicy(Certificate)


def can_view_certificates(user) -> bool:
    """Certificate staff, who read the certificates within their scope."""
    return certificate_policy.user_has_permission(user, "view")


def can_issue_certificates(user) -> bool:
    return certificate_policy.user_has_permission(user, "add")


def can_revoke_certificates(user) -> bool:
    return certificate_policy.user_has_permission(user, "change")
