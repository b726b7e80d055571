from django.urls import path

from coverage import views

app_name = "coverage"

urlpatterns = [
    path("coverage/", views.dashboard, name="dashboard"),
    path("coverage/plans/", views.plan_execution_page, name="plan_execution"),
    path("coverage/export.<str:fmt>", views.export, name="export"),
    path("coverage/remind/", views.remind, name="remind"),
    path("coverage/bulletins/", views.bulletin_create, name="bulletin_create"),
    path(
        "coverage/bulletins/<int:pk>.<str:fmt>",
        views.bulletin_download,
        name="bulletin_download",
    ),
]
