"""Files that only views checking access may serve: outside MEDIA_ROOT."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="infrastructure.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Under PRIVATE_MEDIA_ROOT, read when used: migrations name no machine's path."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


private_storage = PrivateStorage()
