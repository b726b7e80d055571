import json
import uuid
from datetime import date
from decimal import Decimal

import factory
import wagtail_factories
from wagtail.models import Page, Site

from cms.models import HomePage, StandardPage
from courses.models import AnnualPlanPage, CoursePage, ModulePage, TrainingPlanPage


def quiz_body(
    *,
    correct: int = 0,
    pass_mark: int = 60,
    title: str = "随堂测验",
    text: str = "人民代表大会制度是我国的根本政治制度。",
) -> str:
    """A module body: a text block and a one-question quiz whose answer is `correct`."""
    return json.dumps(
        [
            {"type": "text", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())},
            {
                "type": "quiz",
                "id": str(uuid.uuid4()),
                "value": {
                    "title": title,
                    "pass_mark": pass_mark,
                    "questions": [
                        {
                            "prompt": "人民代表大会制度是我国的什么制度？",
                            "multiple": False,
                            "choices": [
                                {"text": choice, "correct": i == correct}
                                for i, choice in enumerate(
                                    ["根本政治制度", "基本经济制度", "一般行政制度"]
                                )
                            ],
                            "explanation": "",
                        }
                    ],
                },
            },
        ],
        ensure_ascii=False,
    )


class HomePageFactory(wagtail_factories.PageFactory):
    title = "上海人大网络学院"
    slug = "home"
    headline = "本市人大代表学习培训的线上平台"

    class Meta:
        model = HomePage

    @classmethod
    def create_site(cls) -> HomePage:
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2, content_type__model="page").delete()
        home = cls(parent=root)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"root_page": home, "hostname": "testserver", "port": 80},
        )
        return home


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"说明页{n}")
    intro = "关于上海人大网络学院"

    class Meta:
        model = StandardPage


class TrainingPlanPageFactory(wagtail_factories.PageFactory):
    title = "第十六届市人大代表五年学习培训规划（2023—2027）"
    slug = factory.Sequence(lambda n: f"plan-{n}")
    term_label = "第十六届"
    start_year = 2023
    end_year = 2027

    class Meta:
        model = TrainingPlanPage


class AnnualPlanPageFactory(wagtail_factories.PageFactory):
    year = 2023
    title = factory.LazyAttribute(lambda o: f"{o.year}年度培训计划")
    slug = factory.LazyAttribute(lambda o: str(o.year))

    class Meta:
        model = AnnualPlanPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"代表履职课程{n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    category = "initial"
    mode = "online"
    hours = Decimal("4")
    is_required = True
    summary = "新任代表履职第一课。"
    start_date = date(2023, 3, 1)
    end_date = date(2023, 6, 30)

    class Meta:
        model = CoursePage


class ModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"学习模块{n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    intro = "本模块介绍人民代表大会制度。"
    body = factory.LazyFunction(quiz_body)
    # No minimum reading time unless a test asks for one (tests/courses/test_viewing.py
    # covers the time rules); the quiz alone decides these modules' completion.
    reading_seconds = 0

    class Meta:
        model = ModulePage
