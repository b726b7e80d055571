"""Who may download or manage certificates."""

from certificates.models import Certificate


def can_download(user, certificate: Certificate) -> bool:
    """The deputy it was issued to, and staff who may view certificates."""
    if not user.is_authenticated:
        return False
    if certificate.deputy.user_id == user.pk:
        return True
    return user.has_perm("certificates.view_certificate")


def can_manage_certificates(user) -> bool:
    return user.is_authenticated and user.has_perm("certificates.change_certificate")
