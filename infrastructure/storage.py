"""Files that only views checking access may serve: outside MEDIA_ROOT."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="infrastructure.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Under PRIVATE_MEDIA_ROOT, read when used: migrations name no machine's path."""

    @property
    def base_location(self) -> str:
        location = self._location  # type: ignore[attr-defined]  # set by Django
        return self._value_or_setting(location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


private_storage = PrivateStorage()
