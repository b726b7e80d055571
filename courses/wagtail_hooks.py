from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from courses import views
from courses.models import (
    AttemptGrant,
    Attendance,
    ExamAttempt,
    LeaveRequest,
    Requirement,
    SessionSeat,
)
from courses.permissions import RecordedOnlyPolicy
from courses.views.question_admin import QuestionImportView, QuestionTemplateView
from courses.viewsets import QuestionBankViewSetGroup, TrainingViewSetGroup
from people.permissions import CongressWidePolicy

register_permission_policy(Requirement, CongressWidePolicy(Requirement))

# Grants go through the record page's form (logged, scoped); attempts through the exam.
for model in (SessionSeat, LeaveRequest, Attendance, AttemptGrant, ExamAttempt):
    register_permission_policy(model, RecordedOnlyPolicy(model))


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


@hooks.register("register_admin_viewset")
def register_question_bank_viewsets():
    return QuestionBankViewSetGroup()


@hooks.register("register_admin_urls")
def register_session_urls():
    return [
        path(
            "question-banks/import/",
            QuestionImportView.as_view(),
            name="courses_question_import",
        ),
        path(
            "question-banks/template.xlsx",
            QuestionTemplateView.as_view(),
            name="courses_question_template",
        ),
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
