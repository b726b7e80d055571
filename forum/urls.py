from django.urls import path

from forum import views

app_name = "forum"

urlpatterns = [
    path("", views.forum_index, name="index"),
    path("moderation/", views.moderation_queue_view, name="moderation"),
    path("must-read/", views.notice_list_view, name="notices"),
    path("must-read/<int:notice_id>/", views.notice_detail_view, name="notice"),
    path(
        "must-read/<int:notice_id>/remind/",
        views.notice_remind_view,
        name="notice_remind",
    ),
    path("a/<int:attachment_id>/", views.attachment_view, name="attachment"),
    path("c/<int:course_id>/", views.course_board_view, name="course_board"),
    path(
        "e/<int:edition_id>/register/",
        views.edition_register_view,
        name="edition_register",
    ),
    path("t/<int:topic_id>/", views.topic_detail, name="topic"),
    path("t/<int:topic_id>/must-read/", views.notice_mark_view, name="notice_mark"),
    path("t/<int:topic_id>/reply/", views.reply_view, name="reply"),
    path("t/<int:topic_id>/subscribe/", views.subscribe_view, name="subscribe"),
    path(
        "t/<int:topic_id>/moderate/<str:action>/",
        views.topic_moderate_view,
        name="topic_moderate",
    ),
    path("t/<int:topic_id>/move/", views.topic_move_view, name="topic_move"),
    path("p/<int:post_id>/", views.post_permalink, name="post"),
    path("p/<int:post_id>/edit/", views.post_edit_view, name="post_edit"),
    path("p/<int:post_id>/delete/", views.post_delete_view, name="post_delete"),
    path("p/<int:post_id>/report/", views.post_report_view, name="post_report"),
    path("p/<int:post_id>/approve/", views.post_approve_view, name="post_approve"),
    path("p/<int:post_id>/hide/<str:action>/", views.post_hide_view, name="post_hide"),
    path(
        "r/<int:report_id>/resolve/", views.report_resolve_view, name="report_resolve"
    ),
    path("<slug:slug>/", views.board_detail, name="board"),
    path("<slug:slug>/new/", views.topic_create_view, name="topic_create"),
    path("<slug:slug>/read/", views.board_read_view, name="board_read"),
    path("<slug:slug>/mentions/", views.mentions_view, name="mentions"),
]
