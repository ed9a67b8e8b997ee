from django.urls import path

from . import views

app_name = "purpose"
urlpatterns = [
    path("purpose/", views.purpose_page, name="purpose"),
    path("purpose/draft/", views.draft_purpose, name="draft"),
    path("purpose/<int:purpose_version_id>/", views.version_page, name="version"),
    path(
        "purpose/<int:purpose_version_id>/answer/<str:ods_code>/",
        views.answer,
        name="answer",
    ),
    path("purpose/<int:purpose_version_id>/agree/", views.agree, name="agree"),
    path("purpose/priorities/<int:priority_id>/progress/", views.add_progress, name="add_progress"),
]
