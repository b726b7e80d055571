"""Builds the demo college; every step finds what it made before and leaves it be."""

import json
import uuid
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from cms.demo import content
from cms.demo.documents import seed_documents
from cms.demo.exams import seed_exams
from cms.demo.forum import seed_forum, seed_forum_extras
from cms.demo.media import seed_media
from cms.demo.moderation import seed_moderation
from cms.demo.roster import seed_roster
from cms.demo.sessions import seed_sessions
from cms.groups import COURSE_EDITORS, FORUM_MODERATORS, TRAINING_ADMINISTRATORS
from cms.models import HomePage, StandardPage
from cms.services import plan_editors_grant
from courses.models import (
    AnnualPlanPage,
    CourseLecturer,
    CoursePage,
    ModulePage,
    Requirement,
    TrainingPlanPage,
)
from courses.services.standings import standings_rebuild
from forum.models import ForumEditionIndexPage
from infrastructure.branding import DEFAULT_SITE_NAME
from people.models import Delegation, StaffScope

DEMO_ACCOUNTS = [
    # username, group, is_superuser, full name
    ("admin", None, True, "系统管理员"),
    ("editor", COURSE_EDITORS, False, "课程编辑"),
    ("trainer", TRAINING_ADMINISTRATORS, False, "培训管理员"),
    ("trainer_huangpu", TRAINING_ADMINISTRATORS, False, "黄浦区培训管理员"),
    ("moderator", FORUM_MODERATORS, False, "论坛版主"),
    ("deputy", None, False, "张明"),
]


def _stable_id(*parts: object) -> str:
    return str(
        uuid.uuid5(uuid.NAMESPACE_URL, "deputy-college:" + ":".join(map(str, parts)))
    )


def module_body(slug: str, index: int, module: content.Module) -> str:
    blocks = [
        {"type": "heading", "value": module.title, "id": _stable_id(slug, index, "h")}
    ]
    blocks += [
        {
            "type": "text",
            "value": f"<p>{paragraph}</p>",
            "id": _stable_id(slug, index, "p", n),
        }
        for n, paragraph in enumerate(module.paragraphs)
    ]
    blocks.append(
        {
            "type": "quiz",
            "id": _stable_id(slug, index, "quiz"),
            "value": {
                "title": f"{module.title}·随堂测验",
                "pass_mark": 60,
                "questions": [
                    {
                        "prompt": question.prompt,
                        "multiple": len(question.correct) > 1,
                        "choices": [
                            {"text": text, "correct": i in question.correct}
                            for i, text in enumerate(question.choices)
                        ],
                        "explanation": question.explanation,
                    }
                    for question in module.questions
                ],
            },
        }
    )
    return json.dumps(blocks, ensure_ascii=False)


def seed_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial "Welcome" page holds the slug the portal needs.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        home = root.add_child(
            instance=HomePage(
                title=DEFAULT_SITE_NAME,
                slug="home",
                headline=DEFAULT_SITE_NAME,
                intro=content.HOME_INTRO,
            )
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "root_page": home,
            "hostname": "localhost",
            "port": 80,
            "site_name": DEFAULT_SITE_NAME,
        },
    )
    return home


def seed_plan(home: HomePage) -> TrainingPlanPage:
    data = content.PLAN
    plan = TrainingPlanPage.objects.filter(slug=data["slug"]).first()
    if plan is None:
        plan = home.add_child(instance=TrainingPlanPage(**data))
    plan_editors_grant(plan=plan)
    for year, theme in content.YEARS.items():
        if not AnnualPlanPage.objects.child_of(plan).filter(year=year).exists():
            plan.add_child(
                instance=AnnualPlanPage(
                    title=f"{year}年度培训计划",
                    slug=str(year),
                    year=year,
                    theme=theme,
                    intro=f"<p>{year}年度代表学习培训的重点是{theme}。</p>",
                )
            )
    return plan


def seed_course(annual: AnnualPlanPage, data: dict) -> CoursePage:
    course = CoursePage.objects.filter(slug=data["slug"]).first()
    if course is not None:
        return course
    course = annual.add_child(
        instance=CoursePage(
            title=data["title"],
            slug=data["slug"],
            category=data["category"],
            mode=data["mode"],
            hours=Decimal(data["hours"]),
            is_required=data["slug"] in content.REQUIRED_COURSES,
            awards_certificate=data["certificate"],
            is_featured=data.get("featured", False),
            audience=data["audience"],
            summary=data["summary"],
            description=f"<p>{data['summary']}</p>",
            start_date=date.fromisoformat(data["start"]),
            end_date=date.fromisoformat(data["end"]),
        )
    )
    for order, name in enumerate(data["lecturers"]):
        CourseLecturer.objects.create(
            course=course,
            sort_order=order,
            name=name,
            affiliation=content.LECTURERS[name],
        )
    for index, module in enumerate(data["modules"], start=1):
        course.add_child(
            instance=ModulePage(
                title=module.title,
                slug=f"{data['slug']}-{index}",
                intro=module.paragraphs[0],
                minutes=content.module_minutes(module),
                body=module_body(data["slug"], index, module),
            )
        )
    return course


def seed_courses(plan: TrainingPlanPage) -> list[CoursePage]:
    annual = {page.year: page for page in AnnualPlanPage.objects.child_of(plan)}
    return [seed_course(annual[data["year"]], data) for data in content.COURSES]


def seed_standard_pages(home: HomePage) -> None:
    for slug, title, intro in content.STANDARD_PAGES:
        if not StandardPage.objects.filter(slug=slug).exists():
            home.add_child(instance=StandardPage(title=title, slug=slug, intro=intro))


def seed_accounts(password: str) -> list[str]:
    User = get_user_model()
    names = []
    for username, group_name, is_superuser, full_name in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": full_name,
                "is_superuser": is_superuser,
                "is_staff": is_superuser,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        names.append(username)
    return names


# A district's training administrator sees only that district's delegation.
DEMO_SCOPES = {"trainer_huangpu": ["黄浦区代表团"]}


def seed_scopes() -> None:
    User = get_user_model()
    for username, delegation_names in DEMO_SCOPES.items():
        scope, _created = StaffScope.objects.get_or_create(
            user=User.objects.get(username=username),
            defaults={"note": "演示：区级培训管理员"},
        )
        scope.delegations.set(Delegation.objects.filter(name__in=delegation_names))


@transaction.atomic
def seed_demo(*, password: str) -> dict:
    """The whole demo college; returns counts for the command to print."""
    home = seed_home()
    plan = seed_plan(home)
    courses = seed_courses(plan)
    seed_exams()
    seed_standard_pages(home)
    accounts = seed_accounts(password)
    seed_documents()  # the certificate's seal and signatory, before any issue
    roster = seed_roster()
    seed_scopes()
    forum = seed_forum()
    requirement = Requirement.objects.get(slug=roster["requirement"])
    forum_extras = seed_forum_extras(home=home, requirement=requirement)
    plan_editors_grant(plan=ForumEditionIndexPage.objects.get())
    moderation = seed_moderation()
    sessions = seed_sessions(requirement)
    seed_media()  # a short video made with ffmpeg, in a module of its own
    # The roster went in through bulk inserts, which no signal sees: recount, as the
    # worker does after a roster import.
    for each in Requirement.objects.all():
        standings_rebuild(requirement=each)
    return {
        "courses": len(courses),
        "modules": ModulePage.objects.count(),
        "accounts": accounts,
        "deputies": roster["deputies"],
        "forum_boards": forum["boards"],
        "forum_editions": forum_extras["editions"],
        "forum_queued": moderation["queued"],
        "forum_reports": moderation["reports"],
        "sessions": sessions,
    }
