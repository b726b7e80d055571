"""Reminders to deputies who have not yet met a requirement; coverage bulletins."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Requirement
from courses.selectors.coverage import cohort_with_coverage
from coverage.models import Bulletin, ReminderLog
from coverage.rendering import bulletin_pdf, bulletin_xlsx
from coverage.selectors import bulletin_ranking, coverage_for_user, scope_label
from infrastructure.models import Channel, Notification
from infrastructure.notifications import Contact, notify, notify_contacts
from people.models import Deputy
from people.querysets import delegation_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REMINDER_KIND = "coverage_reminder"
REMINDER_INTERVAL = timedelta(hours=24)
REMINDER_CHANNELS = (Channel.SITE, Channel.EMAIL, Channel.SMS)


@dataclass
class RemindersSent:
    sent: int = 0
    # Reminded within the last 24 hours: not again.
    throttled: int = 0
    # No account, and neither mobile phone nor e-mail on the roster.
    unreachable: int = 0


@transaction.atomic
def reminders_send(
    *,
    requirement: Requirement,
    deputy_ids: Iterable[int],
    sent_by: "User | None" = None,
    channels: Iterable[str] = REMINDER_CHANNELS,
) -> RemindersSent:
    """Remind the chosen deputies who are still uncovered, at most once a day each.

    Only deputies within the sender's delegation scope are reminded (all of them when
    the scheduled command sends). The chosen deputies' rows are locked while the last
    24 hours' reminders are read, so that two runs cannot both remind one deputy.
    """
    channels = tuple(channels)
    chosen = Deputy.objects.filter(pk__in=list(deputy_ids))
    if sent_by is not None:
        chosen = chosen.filter(pk__in=Deputy.objects.visible_to(sent_by).values("pk"))
    uncovered_ids = list(
        cohort_with_coverage(requirement=requirement, deputies=chosen)
        .filter(covered=False)
        .values_list("pk", flat=True)
    )
    deputies = list(
        Deputy.objects.select_for_update(of=("self",))
        .filter(pk__in=uncovered_ids)
        .select_related("user")
        .order_by("pk")
    )
    now = timezone.now()
    recent = set(
        ReminderLog.objects.filter(
            deputy_id__in=uncovered_ids, sent_at__gt=now - REMINDER_INTERVAL
        ).values_list("deputy_id", flat=True)
    )
    result = RemindersSent(throttled=len(recent))
    due = [d for d in deputies if d.pk not in recent]
    with_account = [d for d in due if d.user is not None]
    # Without an account, the roster's phone and e-mail still reach the deputy.
    by_contact = [d for d in due if d.user is None and (d.phone or d.email)]
    result.unreachable = len(due) - len(with_account) - len(by_contact)
    title = _("Reminder: %(requirement)s") % {"requirement": requirement.name}
    body = _(
        "Your learning for “%(requirement)s” is not complete yet. Please complete "
        "it by %(deadline)s; your learning page shows what is left."
    ) % {
        "requirement": requirement.name,
        "deadline": requirement.deadline.isoformat(),
    }
    logs: list[ReminderLog] = []
    if with_account:
        notify(
            recipients=[d.user for d in with_account if d.user is not None],
            kind=REMINDER_KIND,
            title=title,
            body=body,
            url="/my/",
            channels=channels,
            phones={d.user_id: d.phone for d in with_account if d.user_id and d.phone},
        )
        notices = dict(
            Notification.objects.filter(
                kind=REMINDER_KIND,
                recipient_id__in=[d.user_id for d in with_account],
                created_at__gte=now,
            )
            .values_list("recipient_id")
            .annotate(last=Max("pk"))
            .values_list("recipient_id", "last")
        )
        logs += [
            ReminderLog(
                deputy=deputy,
                requirement=requirement,
                sent_at=now,
                sent_by=sent_by,
                channels=",".join(sorted(channels)),
                notification_id=notices.get(deputy.user_id or 0),
            )
            for deputy in with_account
        ]
    contact_channels = sorted(set(channels) - {Channel.SITE})
    if by_contact and contact_channels:
        sent = notify_contacts(
            contacts=[Contact(email=d.email, phone=d.phone) for d in by_contact],
            kind=REMINDER_KIND,
            title=title,
            body=body,
            url="/my/",
            channels=contact_channels,
        )
        logs += [
            ReminderLog(
                deputy=deputy,
                requirement=requirement,
                sent_at=now,
                sent_by=sent_by,
                channels=",".join(contact_channels),
                notification=notice,
            )
            for deputy, notice in zip(by_contact, sent, strict=True)
        ]
    else:
        result.unreachable += len(by_contact)
    ReminderLog.objects.bulk_create(logs)
    result.sent = len(logs)
    return result


def reminder_candidates(*, requirement: Requirement, due_within_days: int) -> list[int]:
    """Uncovered deputies whose deadline (a by-election's own) is within N days.

    Deputies past their deadline and still uncovered are included.
    """
    today = timezone.localdate()
    horizon = today + timedelta(days=due_within_days)
    if requirement.deadline > horizon:
        return []
    # A deputy elected later has until elected_on + by_election_days.
    latest_election = horizon - timedelta(days=requirement.by_election_days)
    cohort = cohort_with_coverage(requirement=requirement).filter(covered=False)
    return list(
        cohort.filter(elected_on__isnull=True).values_list("pk", flat=True)
    ) + list(
        cohort.filter(elected_on__lte=latest_election).values_list("pk", flat=True)
    )


# Bulletins --------------------------------------------------------------------------


@transaction.atomic
def bulletin_issue(*, requirement: Requirement, issued_by: "User") -> Bulletin:
    """Freeze today's coverage within the issuer's scope; the worker draws the files.

    A district's administrator issues a bulletin of their delegations only.
    """
    report = coverage_for_user(requirement=requirement, user=issued_by)
    today = timezone.localdate()
    scope = delegation_scope(issued_by)
    label = scope_label(user=issued_by)
    figures = {
        "requirement": requirement.name,
        "requirement_slug": requirement.slug,
        "deadline": requirement.deadline.isoformat(),
        "issued_on": today.isoformat(),
        "issued_on_text": f"{today.year}年{today.month}月{today.day}日",
        "deadline_text": (
            f"{requirement.deadline.year}年{requirement.deadline.month}月"
            f"{requirement.deadline.day}日"
        ),
        "generated_at": report.generated_at.isoformat(),
        "scope": label,
        "cohort_size": report.cohort_size,
        "covered": report.covered,
        "uncovered": report.cohort_size - report.covered,
        "coverage": report.coverage,
        "ranking": bulletin_ranking(report),
    }
    bulletin = Bulletin.objects.create(
        requirement=requirement,
        issued_on=today,
        created_by=issued_by,
        whole_congress=scope is None,
        scope_label=label[:200],
        figures=figures,
    )
    if scope is not None:
        bulletin.delegations.set(scope)
    return bulletin


def bulletin_render(*, bulletin: Bulletin) -> Bulletin:
    """Draw a bulletin's PDF and XLSX from its figures; a drawn one is left as it is."""
    if bulletin.is_ready:
        return bulletin
    stem = f"bulletin-{bulletin.figures['requirement_slug']}-{bulletin.pk}"
    pdf = bulletin_pdf(figures=bulletin.figures)
    xlsx = bulletin_xlsx(figures=bulletin.figures)
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if locked.is_ready:  # a parallel run drew it first
            return locked
        locked.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        locked.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        locked.save(update_fields=["pdf", "xlsx"])
    return locked
