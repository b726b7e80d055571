"""A training administrator reads the coverage pages on a phone (390 px): nothing
scrolls sideways, the delegations' figures carry their labels, and the desktop
keeps the table."""

import pytest
from django.contrib.auth.models import Group

from cms.groups import TRAINING_ADMINISTRATORS
from courses.services.requirements import enrolments_sync
from tests.factories.roster import (
    DelegationFactory,
    DeputyFactory,
    RequirementFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = ["/coverage/plans/", "/coverage/"]
# A scrolling box in the page (a table's wrapper) wider than what it shows.
SIDEWAYS = """() => [...document.querySelectorAll('main *')]
    .filter(e => getComputedStyle(e).overflowX !== 'visible')
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.tagName + '.' + e.className)"""


def log_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


@pytest.fixture
def trainer_with_roster(quizless_course):
    requirement = RequirementFactory(slug="initial-16", courses=[quizless_course])
    for name in ["浦东新区代表团", "解放军代表团", "黄浦区代表团"]:
        DeputyFactory.create_batch(3, delegation=DelegationFactory(name=name))
    enrolments_sync(requirement=requirement)
    trainer = UserFactory(username="trainer", is_staff=True)
    trainer.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    trainer.set_password("pw-trainer-123")
    trainer.save()
    return trainer


def test_coverage_pages_fit_a_phone_and_keep_the_table_on_a_desktop(
    live_server, browser, page, trainer_with_roster, tmp_path
):
    log_in(page, live_server.url, "trainer", "pw-trainer-123")
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert page.evaluate(SIDEWAYS) == [], path
        card = page.locator(".figure-cards li").filter(has_text="浦东新区代表团")
        assert card.is_visible(), path
        assert card.locator("dt").first.inner_text() in {"已报名", "应学人数"}
        assert not page.locator(
            "table[aria-labelledby=delegations-heading]"
        ).is_visible()

    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    screen = desk.new_page()
    log_in(screen, live_server.url, "trainer", "pw-trainer-123")
    for path in PAGES:
        screen.goto(f"{live_server.url}{path}")
        table = screen.locator("table[aria-labelledby=delegations-heading]")
        assert table.is_visible(), path
        assert table.locator("th[scope=row]", has_text="浦东新区代表团").count() == 1
        assert not screen.locator(".figure-cards").is_visible()
    desk.close()
