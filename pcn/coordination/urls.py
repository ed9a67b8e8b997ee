from django.urls import path

from . import digest_views, meeting_views, views

app_name = "coordination"
urlpatterns = [
    path("coordination/", views.hub, name="hub"),
    path("coordination/who-does-what/", views.matrix_page, name="matrix"),
    path("coordination/who-does-what/propose/", views.propose_matrix, name="propose_matrix"),
    path(
        "coordination/who-does-what/<int:version_id>/",
        views.matrix_version,
        name="matrix_version",
    ),
    path(
        "coordination/who-does-what/<int:version_id>/answer/<str:ods_code>/",
        views.answer_matrix,
        name="answer_matrix",
    ),
    path("requests/", views.requests_page, name="requests"),
    path("requests/new/", views.send_request, name="send_request"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("meetings/", meeting_views.meetings, name="meetings"),
    path("meetings/<int:meeting_id>/", meeting_views.meeting, name="meeting"),
    path(
        "meetings/<int:meeting_id>/decisions/",
        meeting_views.record_decision,
        name="record_decision",
    ),
    path(
        "meetings/<int:meeting_id>/agenda/", meeting_views.add_agenda_item, name="add_agenda_item"
    ),
    path("meetings/<int:meeting_id>/actions/", meeting_views.add_action, name="add_action"),
    path("actions/", meeting_views.action_tracker, name="actions"),
    path("actions/<int:action_id>/status/", meeting_views.update_action, name="update_action"),
    path("concerns/", meeting_views.concerns, name="concerns"),
    path("concerns/<int:concern_id>/", meeting_views.concern, name="concern"),
    path("announcements/", meeting_views.announcements, name="announcements"),
    path("coordination/digest/", digest_views.my_digest, name="my_digest"),
    path("digest/unsubscribe/<str:token>/", digest_views.unsubscribe, name="unsubscribe"),
]
