from django.urls import path

from .views import (
    belonging,
    catalogue,
    leave,
    nhs_import,
    pulse,
    register_files,
    retention,
    staff,
    teams,
)

app_name = "workforce"
urlpatterns = [
    path("staff/", staff.register, name="register"),
    path("staff/new/", staff.person_add, name="person_add"),
    path("staff/export.csv", register_files.export_csv, name="export_csv"),
    path("staff/export.xlsx", register_files.export_xlsx, name="export_xlsx"),
    path("staff/import/", register_files.import_register, name="import_register"),
    path("staff/import/confirm/", register_files.confirm_import, name="confirm_import"),
    path("staff/from-nhs/", nhs_import.from_nhs, name="from_nhs"),
    path("roles/", catalogue.roles, name="roles"),
    path("roles/<int:role_id>/<str:field>/", catalogue.enter_figure, name="enter_figure"),
    path("staff/<int:pk>/", staff.person_detail, name="person"),
    path("staff/<int:pk>/edit/", staff.person_edit, name="person_edit"),
    path("staff/<int:pk>/week/", staff.usual_week, name="usual_week"),
    path("staff/<int:pk>/leave/", leave.record_leave, name="record_leave"),
    path("staff/<int:pk>/supervision/", staff.log_supervision, name="log_supervision"),
    path("staff/<int:pk>/leaving/", staff.record_leaver, name="record_leaver"),
    path("teams/", teams.teams, name="teams"),
    path("teams/<int:team_id>/", teams.team, name="team"),
    path("teams/<int:team_id>/edit/", teams.edit_team, name="edit_team"),
    path("teams/<int:team_id>/members/add/", teams.add_member, name="add_team_member"),
    path(
        "teams/<int:team_id>/members/<int:pk>/remove/",
        teams.remove_member,
        name="remove_team_member",
    ),
    path("leave-requests/", leave.leave_requests, name="leave_requests"),
    path("leave-requests/<int:leave_id>/decide/", leave.decide_leave, name="decide_leave"),
    path("leave/<int:leave_id>/withdraw/", leave.withdraw_leave, name="withdraw_leave"),
    path("belonging/", belonging.belonging_page, name="belonging"),
    path("pulse/", pulse.pulse_results, name="pulse_results"),
    path("retention/", retention.retention_page, name="retention"),
    path(
        "supervision/overdue/",
        belonging.overdue_supervision,
        name="overdue_supervision",
    ),
    path("practices/<str:ods_code>/staff/", staff.practice_staff, name="practice_staff"),
]
