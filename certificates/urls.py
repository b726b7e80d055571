from django.urls import path
from django.views.generic import RedirectView

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("certificates/verify/", views.verify_upload, name="verify_upload"),
    path("certificates/verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<int:pk>/download/", views.download, name="download"),
    path("my/record/", views.learning_record, name="my_record"),
    path("my/record/issue/", views.issue_learning_record, name="my_record_issue"),
    path("records/<int:deputy_id>/", views.learning_record, name="deputy_record"),
    path(
        "records/<int:deputy_id>/issue/",
        views.issue_learning_record,
        name="deputy_record_issue",
    ),
    path(
        "records/issued/<str:code>.pdf",
        views.learning_record_pdf,
        name="issued_record_pdf",
    ),
    # These addresses used to issue on a GET; a bookmark of them now opens the record
    # page, whose button issues.
    path("my/record.pdf", RedirectView.as_view(pattern_name="certificates:my_record")),
    path(
        "records/<int:deputy_id>.pdf",
        RedirectView.as_view(pattern_name="certificates:deputy_record"),
    ),
]
