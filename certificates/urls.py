from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("certificates/verify/", views.verify_upload, name="verify_upload"),
    path("certificates/verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<int:pk>/download/", views.download, name="download"),
    path("my/record/", views.learning_record, name="my_record"),
    path("my/record.pdf", views.learning_record_pdf, name="my_record_pdf"),
    path("records/<int:deputy_id>/", views.learning_record, name="deputy_record"),
    path(
        "records/<int:deputy_id>.pdf",
        views.learning_record_pdf,
        name="deputy_record_pdf",
    ),
]
