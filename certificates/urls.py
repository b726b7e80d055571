from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("certificates/verify/", views.verify_upload, name="verify_upload"),
    path("certificates/verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<int:pk>/download/", views.download, name="download"),
]
