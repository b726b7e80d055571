"""The people: terms, delegations, the roster of deputies, staff delegation scopes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from infrastructure.text import text_match_key, text_normalise, validate_clean_text
from people.querysets import DelegationQuerySet, DeputyQuerySet


class Term(models.Model):
    """届次, e.g. the 16th term 2023–2028."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=20, help_text=_("e.g. 第十六届"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="term_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Delegation(ClusterableModel):
    """代表团: a district's delegation, the PLA delegation; may sit under a parent.

    Rosters name a delegation in several ways (黄浦区代表团, 黄浦区, 黄浦): the
    official name is `name`, the others are its aliases, all compared by
    `text_match_key`.
    """

    name = models.CharField(_("name"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent delegation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = text_normalise(self.name)
        _refuse_taken_name(self.name, delegation_id=self.pk, field="name")


def natural_aliases(name: str) -> list[str]:
    """The other names a roster may use: 黄浦区代表团 → 黄浦区, 黄浦; 黄浦区 →
    黄浦区代表团, 黄浦; 解放军代表团 → 解放军 (as match keys)."""
    base = name.removesuffix("代表团")
    aliases = [base]
    if base.endswith("区"):
        aliases.append(base + "代表团")
        # 浦东新区 is called 浦东, not 浦东新.
        short = base.removesuffix("新区") if base.endswith("新区") else base[:-1]
        if len(short) >= 2:
            aliases.append(short)
    return [text_match_key(alias) for alias in aliases if alias and alias != name]


def _refuse_taken_name(name: str, *, delegation_id: int | None, field: str) -> None:
    """Refuse a name or alias that already names another delegation (by match key)."""
    key = text_match_key(name)
    others = Delegation.objects.all()
    if delegation_id is not None:
        others = others.exclude(pk=delegation_id)
    # A few dozen delegations: compared by match key here, not in SQL.
    holder = next(
        (d for d in others.only("name") if text_match_key(d.name) == key), None
    )
    if holder is None:
        alias = (
            DelegationAlias.objects.filter(name=key)
            .exclude(delegation_id=delegation_id)
            .select_related("delegation")
            .first()
        )
        holder = alias.delegation if alias else None
    if holder is not None:
        raise ValidationError(
            {
                field: _(
                    "“%(name)s” already names the delegation %(delegation)s: "
                    "a name or other name belongs to one delegation only."
                )
                % {"name": name, "delegation": holder.name}
            }
        )


class DelegationAlias(models.Model):
    """Another name of a delegation that a roster may use (黄浦区, 黄浦)."""

    delegation = ParentalKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    # Stored as its match key, so that the constraint compares what matching does.
    name = models.CharField(
        pgettext_lazy("delegation", "other name"),
        max_length=40,
        validators=[validate_clean_text],
        help_text=_(
            "Spaces are ignored; full-width letters and digits count as ASCII."
        ),
    )

    class Meta:
        verbose_name = pgettext_lazy("delegation", "other name")
        verbose_name_plural = pgettext_lazy("delegation", "other names")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="delegation_alias_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = text_match_key(self.name)
        _refuse_taken_name(self.name, delegation_id=self.delegation_id, field="name")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Level(models.TextChoices):
    NATIONAL = "national", pgettext_lazy("deputy level", "National")
    MUNICIPAL = "municipal", pgettext_lazy("deputy level", "Municipal")
    DISTRICT = "district", pgettext_lazy("deputy level", "District")


class Deputy(models.Model):
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="deputies"
    )
    deputy_no = models.CharField(_("deputy number"), max_length=32)
    name = models.CharField(
        pgettext_lazy("person", "name"),
        max_length=60,
        validators=[validate_clean_text],
    )
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.MUNICIPAL
    )
    newly_elected = models.BooleanField(_("newly elected"), default=False)
    elected_on = models.DateField(_("elected on"), null=True, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("in office"), default=True)
    left_on = models.DateField(_("left office on"), null=True, blank=True)
    left_reason = models.CharField(
        _("reason for leaving office"), max_length=200, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )
    password_change_required = models.BooleanField(
        _("must change password at next login"), default=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["delegation__sort_order", "deputy_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "deputy_no"], name="deputy_no_unique_per_term"
            ),
            models.CheckConstraint(
                condition=models.Q(is_active=True) | models.Q(left_on__isnull=False),
                name="deputy_left_office_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["phone"], name="people_deputy_phone_idx"),
            models.Index(fields=["email"], name="people_deputy_email_idx"),
            # The admin's roster list sorts by deputy number: an index, not a sort of
            # the table.
            models.Index(fields=["deputy_no", "id"], name="people_deputy_no_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.deputy_no}）"

    def clean(self) -> None:
        self.name = text_normalise(self.name)
        # Logins compare e-mails exactly, on an index: keep them in lower case.
        self.email = self.email.strip().lower()


class StaffScope(models.Model):
    """Limits a training administrator, or a whole group of them, to some delegations.

    Staff with no scope see the whole congress; staff with one or more scopes (their
    own and their groups') see the deputies of those delegations and of the
    delegations below them, and nothing else.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="delegation_scope",
    )
    group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("staff group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="delegation_scope",
    )
    delegations = models.ManyToManyField(
        Delegation, verbose_name=_("delegations"), related_name="staff_scopes"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delegation scope")
        verbose_name_plural = _("delegation scopes")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False) & models.Q(group__isnull=True))
                | (models.Q(user__isnull=True) & models.Q(group__isnull=False)),
                name="staff_scope_for_user_or_group",
            )
        ]

    def __str__(self) -> str:
        holder = self.user if self.user_id else self.group
        return str(holder)
