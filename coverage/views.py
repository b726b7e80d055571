"""The coverage dashboard, its exports and reminders: one's delegation scope only."""

from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from courses.models import AnnualPlanPage, Requirement
from courses.selectors.coverage import CoverageReport
from courses.selectors.requirements import initial_requirement
from coverage.forms import CoverageFilterForm, PlanChoiceForm, ReminderForm
from coverage.models import Bulletin
from coverage.permissions import (
    can_issue_bulletins,
    can_send_reminders,
    can_view_coverage,
)
from coverage.selectors import (
    EXPORT_VIEWS,
    UncoveredFilters,
    bulletins_for,
    course_completion,
    coverage_days_left,
    coverage_for_user,
    coverage_over_time,
    coverage_tables,
    overdue_uncovered,
    plan_execution,
    scope_label,
    session_attendance,
    uncovered_all,
    uncovered_page,
    uncovered_queryset,
    uncovered_reachability,
)
from coverage.services import bulletin_issue
from coverage.tasks import bulletin_render_task, reminders_send_task
from infrastructure.exports import table_to_csv, tables_to_xlsx, to_json

# The chart's drawing units (the SVG scales to the width of the screen or page).
CHART_WIDTH, LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT = 400, 130, 210, 32


def _staff_or_403(request) -> None:
    if not can_view_coverage(request.user):
        raise PermissionDenied(_("Coverage is for training administrators."))


def _requirement(data: QueryDict) -> Requirement:
    """The requirement asked for, whatever else the query holds; else the default."""
    try:
        chosen = CoverageFilterForm.base_fields["requirement"].clean(
            data.get("requirement") or None
        )
    except ValidationError:
        chosen = None
    requirement = chosen or initial_requirement() or Requirement.objects.first()
    if requirement is None:
        raise Http404(_("No learning requirement has been defined yet."))
    return requirement


def _filter_form(
    request, data: QueryDict | None = None
) -> tuple[CoverageFilterForm, Requirement]:
    data = request.GET if data is None else data
    requirement = _requirement(data)
    form = CoverageFilterForm(data or None, user=request.user, requirement=requirement)
    form.is_valid()
    return form, requirement


def chart_rows(report: CoverageReport) -> dict:
    """Bars per delegation, in the SVG's drawing units."""
    rows = [
        {
            "label": d.delegation,
            "percent": round(d.coverage * 100),
            "y": index * ROW_HEIGHT,
            "width": round(d.coverage * BAR_WIDTH, 1),
            "text_x": LABEL_WIDTH + round(d.coverage * BAR_WIDTH, 1) + 6,
        }
        for index, d in enumerate(report.by_delegation)
    ]
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "bar_height": ROW_HEIGHT - 10,
    }


LINE_WIDTH, LINE_HEIGHT, LINE_PAD = 400, 160, 40


def line_points(points: list[tuple[date, int]], cohort_size: int) -> dict | None:
    """The cumulative line in the SVG's drawing units, or None with nothing to draw."""
    if not points or not cohort_size:
        return None
    start = points[0][0]
    span = max((points[-1][0] - start).days, 1)
    inner_w, inner_h = LINE_WIDTH - 2 * LINE_PAD, LINE_HEIGHT - LINE_PAD
    # Time runs to scale along the axis; the line steps at each month's figure.
    coords = []
    for day, value in points:
        x = round(LINE_PAD + inner_w * (day - start).days / span, 1)
        y = round(10 + inner_h * (1 - value / cohort_size), 1)
        if coords:
            coords.append((x, coords[-1][1]))
        coords.append((x, y))
    return {
        "width": LINE_WIDTH,
        "height": LINE_HEIGHT,
        "pad": LINE_PAD,
        "baseline": 10 + inner_h,
        "right": LINE_WIDTH - LINE_PAD,
        "polyline": " ".join(f"{x},{y}" for x, y in coords),
        "first": points[0][0],
        "last": points[-1][0],
        "last_value": points[-1][1],
        "cohort_size": cohort_size,
        "label_y": LINE_HEIGHT - 8,
    }


def _chosen_plan(
    form: PlanChoiceForm, plans: list[AnnualPlanPage]
) -> AnnualPlanPage | None:
    """The annual plan asked for, or this year's, or the latest."""
    chosen = form.cleaned_data.get("plan") if form.is_valid() else None
    if chosen is not None:
        return chosen
    this_year = timezone.localdate().year
    return next((p for p in plans if p.year == this_year), None) or (
        plans[0] if plans else None
    )


def _dashboard_url(query: dict[str, str]) -> str:
    url = reverse("coverage:dashboard")
    return f"{url}?{urlencode(query)}" if query else url


@login_required
def dashboard(request):
    _staff_or_403(request)
    form, requirement = _filter_form(request)
    report = coverage_for_user(requirement=requirement, user=request.user)
    page_obj, uncovered = uncovered_page(
        requirement=requirement,
        user=request.user,
        filters=form.filters(),
        page=request.GET.get("page"),
    )
    reach = uncovered_reachability(deputy_ids=[u.deputy_id for u in uncovered])
    days_left = coverage_days_left(requirement=requirement)
    sessions = session_attendance(requirement=requirement, user=request.user)
    overdue = (
        overdue_uncovered(requirement=requirement, user=request.user)
        if days_left < 0
        else 0
    )
    query = form.query()
    query["requirement"] = requirement.slug
    return render(
        request,
        "coverage/dashboard.html",
        {
            "form": form,
            "requirement": requirement,
            "report": report,
            "percent": round(report.coverage * 100, 1),
            "days_left": days_left,
            "days_overdue": max(-days_left, 0),
            "overdue": overdue,
            # Not covered, deadline passed, but elected late enough to have more time.
            "later_deadline": (
                report.cohort_size - report.covered - overdue if days_left < 0 else 0
            ),
            "requirements": list(form.fields["requirement"].queryset),
            "delegations": list(form.fields["delegation"].queryset),
            "chart": chart_rows(report),
            "courses": course_completion(
                requirement=requirement,
                user=request.user,
                cohort_size=report.cohort_size,
            ),
            "line": line_points(
                coverage_over_time(requirement=requirement, user=request.user),
                report.cohort_size,
            ),
            "sessions": sessions,
            "page_obj": page_obj,
            "uncovered": [(u, reach.get(u.deputy_id, "none")) for u in uncovered],
            "filter_query": urlencode(query),
            "export_query": urlencode(query),
            "hidden_query": list(query.items()),
            "can_remind": can_send_reminders(request.user),
            "can_issue_bulletins": can_issue_bulletins(request.user),
            "bulletins": bulletins_for(requirement=requirement, user=request.user),
        },
    )


@login_required
def plan_execution_page(request):
    """An annual plan's execution, per delegation in scope: its own page, since it
    counts every enrolment, place and attendance of the plan on each request."""
    _staff_or_403(request)
    form = PlanChoiceForm(request.GET or None)
    plans = list(form.fields["plan"].queryset[:20])
    plan = _chosen_plan(form, plans)
    return render(
        request,
        "coverage/plan_execution.html",
        {
            "plans": plans,
            "plan": plan,
            "execution": (
                plan_execution(plan=plan, user=request.user) if plan else None
            ),
        },
    )


@login_required
def export(request, fmt: str):
    """The dashboard as JSON, CSV (one view) or XLSX (one sheet per view)."""
    _staff_or_403(request)
    if fmt not in ("json", "csv", "xlsx"):
        raise Http404
    form, requirement = _filter_form(request)
    report = coverage_for_user(requirement=requirement, user=request.user)
    report.uncovered = uncovered_all(
        requirement=requirement, user=request.user, filters=form.filters()
    )
    stem = f"coverage-{requirement.slug}-{timezone.localdate():%Y%m%d}"
    if fmt == "json":
        content, kind = to_json(report.as_dict()), "application/json"
    else:
        tables = coverage_tables(
            report=report, scope_label=scope_label(user=request.user)
        )
        if fmt == "xlsx":
            content = tables_to_xlsx(tables)
            kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            view = request.GET.get("view", "")
            _title, header, rows = tables[EXPORT_VIEWS.get(view, 1)]
            content, kind = table_to_csv(header, rows), "text/csv; charset=utf-8"
            stem += f"-{view if view in EXPORT_VIEWS else 'delegations'}"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _back_query(form: ReminderForm, request) -> dict[str, str]:
    """The dashboard's filters the reminder form was sent from, checked again."""
    sent = QueryDict(str(form.data.get("back", ""))[:1000])
    return CoverageFilterForm(sent, user=request.user).query()


@login_required
@require_POST
def remind(request):
    """Queue reminders for the ticked deputies or a whole delegation, in scope."""
    if not can_send_reminders(request.user):
        raise PermissionDenied(_("You may not send reminders."))
    form = ReminderForm(request.POST, user=request.user)
    back = _back_query(form, request)
    if not form.is_valid():
        for error in form.errors.get("__all__", []):
            messages.error(request, error)
        return redirect(_dashboard_url(back))
    data = form.cleaned_data
    requirement = data["requirement"]
    if data["delegation"]:
        ids = list(
            uncovered_queryset(
                requirement=requirement,
                user=request.user,
                filters=UncoveredFilters(delegation_id=data["delegation"].pk),
            ).values_list("deputy_id", flat=True)
        )
    else:
        ids = data["deputies"]
    enqueue = partial(reminders_send_task.enqueue, requirement.pk, ids, request.user.pk)
    transaction.on_commit(enqueue)
    messages.success(
        request,
        _(
            "Reminders to %(count)d deputies are being sent; nobody is reminded "
            "twice within 24 hours."
        )
        % {"count": len(ids)},
    )
    unreachable = list(uncovered_reachability(deputy_ids=ids).values()).count("none")
    if unreachable:
        messages.warning(
            request,
            ngettext(
                "%(count)d of them cannot be reached: no account, and neither mobile "
                "phone nor e-mail on the roster. Add their contact details to the "
                "roster.",
                "%(count)d of them cannot be reached: no account, and neither mobile "
                "phone nor e-mail on the roster. Add their contact details to the "
                "roster.",
                unreachable,
            )
            % {"count": unreachable},
        )
    back["requirement"] = requirement.slug
    return redirect(_dashboard_url(back))


@login_required
@require_POST
def bulletin_create(request):
    """Issue a bulletin of the chosen requirement, within the issuer's scope."""
    if not can_issue_bulletins(request.user):
        raise PermissionDenied(_("You may not issue bulletins."))
    form, requirement = _filter_form(request, request.POST)
    bulletin = bulletin_issue(requirement=requirement, issued_by=request.user)
    transaction.on_commit(partial(bulletin_render_task.enqueue, bulletin.pk))
    messages.success(
        request,
        _(
            "The bulletin of %(date)s is being prepared; it appears in the list of "
            "bulletins in a moment."
        )
        % {"date": bulletin.issued_on.isoformat()},
    )
    return redirect(_dashboard_url({**form.query(), "requirement": requirement.slug}))


@login_required
def bulletin_download(request, pk: int, fmt: str):
    """An issued bulletin's PDF or XLSX, if it covers only delegations in scope."""
    _staff_or_403(request)
    bulletin = get_object_or_404(Bulletin.objects.visible_to(request.user), pk=pk)
    file = {"pdf": bulletin.pdf, "xlsx": bulletin.xlsx}.get(fmt)
    if not file:
        raise Http404(_("This bulletin is still being prepared."))
    kinds = {
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    return FileResponse(
        file.open("rb"),
        content_type=kinds[fmt],
        as_attachment=True,
        filename=f"bulletin-{bulletin.requirement.slug}-{bulletin.issued_on:%Y%m%d}"
        f"-{bulletin.pk}.{fmt}",
    )
