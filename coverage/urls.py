from django.urls import path

from coverage import views

app_name = "coverage"

urlpatterns = [
    path("coverage/", views.dashboard, name="dashboard"),
    path("coverage/export.<str:fmt>", views.export, name="export"),
    path("coverage/remind/", views.remind, name="remind"),
]
