from django.urls import path

from infrastructure import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path(
        "notifications/<int:notification_id>/read/",
        views.notification_read_view,
        name="read",
    ),
    path(
        "notifications/digest/",
        views.digest_preference_view,
        name="digest",
    ),
    path(
        "notifications/read-all/",
        views.notifications_read_all_view,
        name="read_all",
    ),
]
