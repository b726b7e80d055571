import json

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from wagtail.models import Revision

from cms.models import StandardPage
from courses.models import ModulePage
from tests.factories.pages import StandardPageFactory, quiz_body

pytestmark = pytest.mark.django_db


def test_a_standard_page_offers_content_blocks_but_no_quiz():
    offered = set(StandardPage.body.field.stream_block.child_blocks)
    assert offered == {"heading", "text", "image", "document", "video"}
    assert "quiz" in ModulePage.body.field.stream_block.child_blocks


def test_a_standard_page_shows_its_content(client, home):
    page = StandardPageFactory(
        parent=home,
        body=json.dumps(
            [
                {"type": "heading", "value": "怎样开始学习"},
                {"type": "text", "value": "<p>登录后打开“我的学习”。</p>"},
            ],
            ensure_ascii=False,
        ),
    )
    html = client.get(page.url).content.decode()
    assert "怎样开始学习" in html and "登录后打开“我的学习”。" in html


def test_migration_removes_quizzes_from_standard_pages_and_their_revisions(home):
    with_quiz = json.loads(quiz_body(text="学院介绍"))
    assert [block["type"] for block in with_quiz] == ["text", "quiz"]
    page = StandardPageFactory(parent=home, title="关于学院")
    revision = page.save_revision()
    # As the pages and drafts were stored before: a quiz among the content blocks.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cms_standardpage SET body = %s WHERE page_ptr_id = %s",
            [json.dumps(with_quiz), page.pk],
        )
    Revision.objects.filter(pk=revision.pk).update(
        content={**revision.content, "body": json.dumps(with_quiz)}
    )

    loader = MigrationLoader(connection)
    migration = loader.get_migration("cms", "0007_standardpage_body_without_quiz")
    before = loader.project_state(("cms", "0006_cache_table")).apps
    migration.operations[0].code(before, None)

    page.refresh_from_db()
    assert [block.block_type for block in page.body] == ["text"]
    assert "学院介绍" in str(page.body)
    stored = json.loads(Revision.objects.get(pk=revision.pk).content["body"])
    assert [block["type"] for block in stored] == ["text"]
