from django.urls import path

from courses import views
from courses.views import heartbeat

app_name = "courses"

urlpatterns = [
    path("courses/", views.catalogue, name="catalogue"),
    path("my/", views.my_learning, name="my_learning"),
    path(
        "my/modules/<int:module_id>/open/", views.module_open_view, name="module_open"
    ),
    path(
        "my/modules/<int:module_id>/quiz/", views.quiz_submit_view, name="quiz_submit"
    ),
    path(
        "my/modules/<int:module_id>/viewing/",
        heartbeat.viewing_start_view,
        name="viewing_start",
    ),
    path("my/heartbeat/", heartbeat.viewing_beat_view, name="viewing_beat"),
    path("my/media/<int:media_id>/", heartbeat.media_file, name="media_file"),
    path("my/exams/<int:exam_id>/start/", views.exam_start_view, name="exam_start"),
    path("my/exams/<int:exam_id>/submit/", views.exam_submit_view, name="exam_submit"),
    path(
        "records/<int:deputy_id>/attempts/",
        views.attempts_grant_view,
        name="attempts_grant",
    ),
    path("my/sessions/", views.my_sessions, name="my_sessions"),
    path(
        "my/sessions/<int:session_id>/register/",
        views.session_register_view,
        name="session_register",
    ),
    path(
        "my/sessions/<int:session_id>/leave/",
        views.leave_request_view,
        name="leave_request",
    ),
    path(
        "sessions/checkin/<str:token>/", views.session_checkin, name="session_checkin"
    ),
    path(
        "my/courses/<int:course_id>/enrol/",
        views.course_enrol_view,
        name="course_enrol",
    ),
]
