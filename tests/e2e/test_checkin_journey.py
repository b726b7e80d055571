"""An administrator shows a session's QR code; a deputy's phone opens it and is checked
in; the coverage figure changes."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from cms.groups import TRAINING_ADMINISTRATORS
from courses.models import ModulePage, OfflineSession
from courses.services.progress import module_open
from courses.services.requirements import enrolments_sync
from courses.services.sessions import session_seats_assign
from people.models import Deputy
from tests.factories.roster import RequirementFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def test_scanning_the_rotating_code_checks_in_and_moves_the_dashboard(
    live_server, browser, page, deputy, quizless_course, tmp_path
):
    RequirementFactory(slug="initial-16", courses=[quizless_course])
    now = timezone.now()
    session = OfflineSession.objects.create(
        course=quizless_course,
        title="初任培训集中学习",
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=3),
        venue="会议厅",
    )
    session_seats_assign(session=session, deputies=Deputy.objects.filter(pk=deputy.pk))
    # The modules are done; the required class is all that is left.
    for module in ModulePage.objects.child_of(quizless_course).filter(is_required=True):
        module_open(deputy=deputy, module=module)
    enrolments_sync(requirement=quizless_course.requirements.get())
    trainer = UserFactory(username="trainer", is_staff=True)
    trainer.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    trainer.set_password("pw-trainer-123")
    trainer.save()
    deputy.user.set_password("pw-journey-123")
    deputy.user.save()

    screen = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(screen, live_server.url, "trainer", "pw-trainer-123")
    screen.goto(f"{live_server.url}/coverage/")
    assert screen.inner_text("[data-figure=covered]") == "0"
    screen.goto(f"{live_server.url}/admin/sessions/{session.pk}/checkin/")
    screen.locator("[data-checkin-qr] svg").wait_for()
    code_url = screen.evaluate(
        "fetch(document.querySelector('[data-checkin-qr]').dataset.tokenUrl)"
        ".then(r => r.json()).then(j => j.url)"
    )

    log_in(page, live_server.url, deputy.phone, "pw-journey-123")
    page.goto(code_url)
    page.locator("main form button[type=submit]").click()
    page.locator("[role=status]").wait_for()
    page.screenshot(path=str(tmp_path / "checked-in.png"))
    assert (
        screen.evaluate(
            "fetch(document.querySelector('[data-checkin-qr]').dataset.tokenUrl)"
            ".then(r => r.json()).then(j => j.present)"
        )
        == 1
    )

    screen.goto(f"{live_server.url}/coverage/")
    assert screen.inner_text("[data-figure=covered]") == "1"
