from django.urls import path

from . import (
    belonging_views,
    catalogue_views,
    nhs_views,
    pulse_views,
    register_io_views,
    retention_views,
    views,
)

app_name = "workforce"
urlpatterns = [
    path("staff/", views.register, name="register"),
    path("staff/new/", views.person_add, name="person_add"),
    path("staff/export.csv", register_io_views.export_csv, name="export_csv"),
    path("staff/export.xlsx", register_io_views.export_xlsx, name="export_xlsx"),
    path("staff/import/", register_io_views.import_register, name="import_register"),
    path("staff/import/confirm/", register_io_views.confirm_import, name="confirm_import"),
    path("staff/from-nhs/", nhs_views.from_nhs, name="from_nhs"),
    path("roles/", catalogue_views.roles, name="roles"),
    path("roles/<int:role_id>/<str:field>/", catalogue_views.enter_figure, name="enter_figure"),
    path("staff/<int:pk>/", views.person_detail, name="person"),
    path("staff/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("staff/<int:pk>/week/", views.usual_week, name="usual_week"),
    path("staff/<int:pk>/leave/", views.record_leave, name="record_leave"),
    path("staff/<int:pk>/supervision/", views.log_supervision, name="log_supervision"),
    path("staff/<int:pk>/leaving/", views.record_leaver, name="record_leaver"),
    path("teams/", views.teams, name="teams"),
    path("leave-requests/", views.leave_requests, name="leave_requests"),
    path("leave-requests/<int:leave_id>/decide/", views.decide_leave, name="decide_leave"),
    path("belonging/", belonging_views.belonging_page, name="belonging"),
    path("pulse/", pulse_views.pulse_results, name="pulse_results"),
    path("retention/", retention_views.retention_page, name="retention"),
    path(
        "supervision/overdue/",
        belonging_views.overdue_supervision,
        name="overdue_supervision",
    ),
    path("practices/<str:ods_code>/staff/", views.practice_staff, name="practice_staff"),
]
