from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from courses import views
from courses.models import Attendance, LeaveRequest, Requirement, SessionSeat
from courses.permissions import RecordedOnlyPolicy
from courses.viewsets import TrainingViewSetGroup
from people.permissions import CongressWidePolicy

register_permission_policy(Requirement, CongressWidePolicy(Requirement))

for model in (SessionSeat, LeaveRequest, Attendance):
    register_permission_policy(model, RecordedOnlyPolicy(model))


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


@hooks.register("register_admin_urls")
def register_session_urls():
    return [
        path(
            "sessions/<int:pk>/manage/",
            views.SessionManageView.as_view(),
            name="courses_session_manage",
        ),
        path(
            "sessions/<int:pk>/checkin/",
            views.SessionCheckinView.as_view(),
            name="courses_session_checkin",
        ),
        path(
            "sessions/<int:pk>/checkin/token/",
            views.SessionTokenView.as_view(),
            name="courses_session_token",
        ),
    ]
