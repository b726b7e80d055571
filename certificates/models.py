"""Certificate templates (edited in Wagtail) and issued certificates (facts)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from certificates.wording import (
    DEFAULT_SERIAL_FORMAT,
    DEFAULT_WORDING,
    SERIAL_MAX_LENGTH,
    validate_serial_format,
    validate_wording,
)
from courses.models import CoursePage, Requirement
from infrastructure.storage import PrivateStorage as _PrivateStorage
from infrastructure.storage import private_storage
from infrastructure.text import validate_clean_paragraphs, validate_clean_text
from people.models import Deputy
from people.querysets import DeputyDataQuerySet

# Migration 0001 names this class; it is the shared private storage.
PrivateStorage = _PrivateStorage


class CertificateTemplate(index.Indexed, models.Model):
    class Orientation(models.TextChoices):
        PORTRAIT = "portrait", _("Portrait")
        LANDSCAPE = "landscape", _("Landscape")

    class Border(models.TextChoices):
        CLASSIC = "classic", _("Classic red double border")
        PLAIN = "plain", _("Plain thin border")
        NONE = "none", _("No border")

    name = models.CharField(_("name"), max_length=80, unique=True)
    title = models.CharField(
        _("certificate title"),
        max_length=40,
        default="结业证书",
        validators=[validate_clean_text],
    )
    wording = models.TextField(
        _("wording"),
        default=DEFAULT_WORDING,
        help_text=_(
            "Placeholders: {name} {programme} {hours} {period} (the dates of the "
            "learning, one date when it took one day) {completion_date} "
            "{start_date} {end_date} {issue_date}"
        ),
        validators=[validate_wording, validate_clean_paragraphs],
    )
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=120,
        default="上海市人大常委会代表工作委员会",
        validators=[validate_clean_text],
    )
    signatory = models.CharField(
        _("signatory"), max_length=60, blank=True, validators=[validate_clean_text]
    )
    signatory_title = models.CharField(
        _("signatory's title"),
        max_length=80,
        blank=True,
        validators=[validate_clean_text],
    )
    serial_format = models.CharField(
        _("serial number format"),
        max_length=30,
        default=DEFAULT_SERIAL_FORMAT,
        help_text=_(
            "{year} is the year of issue, {number} the certificate's number in that "
            "year (0001, 0002 …); both are required."
        ),
        validators=[validate_serial_format, validate_clean_text],
    )
    seal = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("seal image"),
        help_text=_(
            "The issuing body's seal, printed over its name: a PNG with a "
            "transparent background, about 400 pixels wide."
        ),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    border = models.CharField(
        _("border"), max_length=20, choices=Border.choices, default=Border.CLASSIC
    )
    orientation = models.CharField(
        _("orientation"),
        max_length=20,
        choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
    )
    is_default = models.BooleanField(_("default template"), default=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("wording"),
        FieldRowPanel(
            [
                FieldPanel("issuing_body"),
                FieldPanel("signatory"),
                FieldPanel("signatory_title"),
            ]
        ),
        FieldPanel("serial_format"),
        FieldPanel("seal"),
        FieldRowPanel(
            [FieldPanel("border"), FieldPanel("orientation"), FieldPanel("is_default")]
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_certificate_template",
            )
        ]

    def __str__(self) -> str:
        return self.name


def new_code() -> str:
    # 24 random bytes: 192 bits, URL-safe, never derived from the serial.
    return secrets.token_urlsafe(24)


class CertificateQuerySet(DeputyDataQuerySet):
    def valid(self):
        return self.filter(status=Certificate.Status.VALID)


class Certificate(models.Model):
    # A record of what a deputy did, not content: saving it queues no reference-index
    # task (Wagtail would otherwise index every write; issue 9).
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    serial = models.CharField(
        _("serial number"), max_length=SERIAL_MAX_LENGTH, unique=True
    )
    code = models.CharField(
        _("verification code"),
        max_length=64,
        unique=True,
        default=new_code,
        editable=False,
    )
    hours = models.DecimalField(_("credit hours"), max_digits=6, decimal_places=1)
    snapshot = models.JSONField(
        _("printed facts"),
        default=dict,
        help_text=_("Name, programme, dates and wording as printed at issue."),
    )
    issued_at = models.DateTimeField(_("issued at"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("reason for revocation"), max_length=200, blank=True
    )
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="certificates/%Y/", blank=True
    )
    sha256 = models.CharField(
        _("SHA-256 of the PDF"), max_length=64, blank=True, db_index=True
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        indexes = [
            # The admin's list shows the newest first.
            models.Index(fields=["-issued_at", "-id"], name="certificate_issued_at_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(course__isnull=False) & models.Q(requirement__isnull=True)
                )
                | (models.Q(course__isnull=True) & models.Q(requirement__isnull=False)),
                name="certificate_for_course_or_requirement",
            ),
            models.UniqueConstraint(
                fields=["deputy", "course"],
                condition=models.Q(status="valid"),
                name="one_valid_certificate_per_course",
            ),
            models.UniqueConstraint(
                fields=["deputy", "requirement"],
                condition=models.Q(status="valid"),
                name="one_valid_certificate_per_requirement",
            ),
            models.CheckConstraint(
                condition=models.Q(status="valid") | models.Q(revoked_at__isnull=False),
                name="revoked_certificate_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def programme(self) -> str:
        return self.snapshot.get("programme", "")

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID


class SerialCounter(models.Model):
    """The last serial number issued in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("serial counter")
        verbose_name_plural = _("serial counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class LearningRecord(models.Model):
    """A learning record (参训记录) as issued: the facts printed, frozen, with a code.

    The same facts issued twice are one record (deputy and digest are unique); when
    the deputy's learning changes, the next issue is a new record and verification
    of the old one says it has been superseded.
    """

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        related_name="learning_records",
    )
    code = models.CharField(
        _("verification code"),
        max_length=64,
        unique=True,
        default=new_code,
        editable=False,
    )
    digest = models.CharField(_("SHA-256 of the facts"), max_length=64)
    snapshot = models.JSONField(_("printed facts"), default=dict)
    issuing_body = models.CharField(_("issuing body"), max_length=120)
    issued_at = models.DateTimeField(_("issued at"))

    objects = DeputyDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued learning record")
        verbose_name_plural = _("issued learning records")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "digest"], name="one_learning_record_per_content"
            )
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.get('name', '')} · {self.issued_at:%Y-%m-%d}"
