"""The coverage dashboard, its exports and reminders: one's delegation scope only."""

from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import Requirement
from courses.selectors.coverage import CoverageReport, UncoveredDeputy
from courses.selectors.requirements import initial_requirement
from coverage.forms import CoverageFilterForm, ReminderForm
from coverage.permissions import can_send_reminders, can_view_coverage
from coverage.selectors import (
    UncoveredFilters,
    course_completion,
    coverage_days_left,
    coverage_for_user,
    coverage_over_time,
    session_attendance,
    uncovered_all,
    uncovered_page,
    uncovered_queryset,
)
from coverage.tasks import reminders_send_task
from infrastructure.exports import table_to_csv, tables_to_xlsx, to_json

# The chart's drawing units (the SVG scales to the width of the screen or page).
CHART_WIDTH, LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT = 400, 110, 230, 32


def _staff_or_403(request) -> None:
    if not can_view_coverage(request.user):
        raise PermissionDenied(_("Coverage is for training administrators."))


def _requirement(request, form: CoverageFilterForm | None = None) -> Requirement:
    chosen = form.cleaned_data.get("requirement") if form and form.is_valid() else None
    requirement = chosen or initial_requirement() or Requirement.objects.first()
    if requirement is None:
        raise Http404(_("No learning requirement has been defined yet."))
    return requirement


def _filter_form(request) -> tuple[CoverageFilterForm, Requirement]:
    probe = CoverageFilterForm(request.GET or None, user=request.user)
    requirement = _requirement(request, probe)
    form = CoverageFilterForm(
        request.GET or None, user=request.user, requirement=requirement
    )
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
    days_left = coverage_days_left(requirement=requirement)
    query = request.GET.copy()
    query.pop("page", None)
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
            "sessions": session_attendance(requirement=requirement, user=request.user),
            "page_obj": page_obj,
            "uncovered": uncovered,
            "filter_query": query.urlencode(),
            "export_query": urlencode({"requirement": requirement.slug}),
            "can_remind": can_send_reminders(request.user),
        },
    )


SUMMARY_HEADER = ["项目", "数值"]
DELEGATION_HEADER = ["代表团", "应学人数", "已完成人数", "覆盖率"]
UNCOVERED_HEADER = ["代表证号", "姓名", "代表团", "尚缺"]


def _export_tables(
    report: CoverageReport, uncovered: list[UncoveredDeputy]
) -> list[tuple[str, list[str], list[list]]]:
    summary = [
        ["学习要求", report.requirement.name],
        ["截止日期", report.deadline],
        ["应学人数", report.cohort_size],
        ["已完成人数", report.covered],
        ["覆盖率", report.coverage],
        ["生成时间", timezone.localtime(report.generated_at).replace(tzinfo=None)],
    ]
    delegations = [
        [d.delegation, d.cohort_size, d.covered, d.coverage]
        for d in report.by_delegation
    ]
    people = [
        [u.deputy_no, u.name, u.delegation, "；".join(u.missing)] for u in uncovered
    ]
    return [
        ("汇总", SUMMARY_HEADER, summary),
        ("各代表团", DELEGATION_HEADER, delegations),
        ("未完成代表", UNCOVERED_HEADER, people),
    ]


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
    stem = f"coverage-{requirement.slug}-{date.today():%Y%m%d}"
    if fmt == "json":
        content, kind = to_json(report.as_dict()), "application/json"
    else:
        tables = _export_tables(report, report.uncovered)
        if fmt == "xlsx":
            content = tables_to_xlsx(tables)
            kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            views = {"summary": 0, "delegations": 1, "uncovered": 2}
            _title, header, rows = tables[views.get(request.GET.get("view", ""), 1)]
            content, kind = table_to_csv(header, rows), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
@require_POST
def remind(request):
    """Queue reminders for the ticked deputies or a whole delegation, in scope."""
    if not can_send_reminders(request.user):
        raise PermissionDenied(_("You may not send reminders."))
    form = ReminderForm(request.POST, user=request.user)
    if not form.is_valid():
        for error in form.errors.get("__all__", []):
            messages.error(request, error)
        return redirect("coverage:dashboard")
    data = form.cleaned_data
    requirement = data["requirement"]
    if data["delegation"]:
        ids = list(
            uncovered_queryset(
                requirement=requirement,
                user=request.user,
                filters=UncoveredFilters(delegation_id=data["delegation"].pk),
            ).values_list("pk", flat=True)
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
    return redirect(
        reverse("coverage:dashboard")
        + "?"
        + urlencode({"requirement": requirement.slug})
    )
