from django.urls import path

from .views import (
    announcements,
    concerns,
    digest,
    hub,
    meetings,
    practice_requests,
    who_does_what,
)

app_name = "coordination"
urlpatterns = [
    path("coordination/", hub.hub, name="hub"),
    path("coordination/who-does-what/", who_does_what.matrix_page, name="matrix"),
    path(
        "coordination/who-does-what/propose/", who_does_what.propose_matrix, name="propose_matrix"
    ),
    path(
        "coordination/who-does-what/<int:version_id>/",
        who_does_what.matrix_version,
        name="matrix_version",
    ),
    path(
        "coordination/who-does-what/<int:version_id>/answer/<str:ods_code>/",
        who_does_what.answer_matrix,
        name="answer_matrix",
    ),
    path(
        "coordination/who-does-what/<int:version_id>/agree/",
        who_does_what.agree_matrix,
        name="agree_matrix",
    ),
    path("requests/", practice_requests.requests_page, name="requests"),
    path("requests/new/", practice_requests.send_request, name="send_request"),
    path("requests/<int:request_id>/", practice_requests.request_detail, name="request"),
    path("meetings/", meetings.meetings, name="meetings"),
    path("meetings/<int:meeting_id>/", meetings.meeting, name="meeting"),
    path(
        "meetings/<int:meeting_id>/decisions/",
        meetings.record_decision,
        name="record_decision",
    ),
    path("meetings/<int:meeting_id>/agenda/", meetings.add_agenda_item, name="add_agenda_item"),
    path("meetings/<int:meeting_id>/actions/", meetings.add_action, name="add_action"),
    path("actions/", meetings.action_tracker, name="actions"),
    path("actions/<int:action_id>/status/", meetings.update_action, name="update_action"),
    path("concerns/", concerns.concerns, name="concerns"),
    path("concerns/<int:concern_id>/", concerns.concern, name="concern"),
    path("announcements/", announcements.announcements, name="announcements"),
    path("coordination/digest/", digest.my_digest, name="my_digest"),
    path("digest/unsubscribe/<str:token>/", digest.unsubscribe, name="unsubscribe"),
]
