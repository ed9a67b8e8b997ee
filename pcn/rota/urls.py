from django.urls import path

from . import views

app_name = "rota"
urlpatterns = [
    path("rota/", views.plans, name="plans"),
    path("rota/<int:plan_id>/", views.plan, name="plan"),
    path("rota/<int:plan_id>/status/", views.run_status, name="run_status"),
    path("rota/<int:plan_id>/why/", views.explain, name="explain"),
    path("rota/<int:plan_id>/optimise/", views.reoptimise, name="reoptimise"),
    path("rota/<int:plan_id>/publish/", views.publish, name="publish"),
    path("rota/<int:plan_id>/export.csv", views.export_csv, name="export_csv"),
    path("rota/<int:plan_id>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("rota/<int:plan_id>/print/", views.print_view, name="print"),
    path("rota/<int:plan_id>/holidays/", views.work_holiday, name="work_holiday"),
    path(
        "rota/<int:plan_id>/holidays/<int:worked_id>/stop/",
        views.stop_working_holiday,
        name="stop_working_holiday",
    ),
    path("rota/<int:plan_id>/sessions/<int:assignment_id>/", views.move, name="move"),
    path("rota/<int:plan_id>/sessions/<int:assignment_id>/lock/", views.lock, name="lock"),
    path("rota/calendar/<str:token>.ics", views.feed, name="feed"),
    path("my-work/calendar/renew/", views.renew_feed, name="renew_feed"),
    path("account/calendars/<int:feed_id>/replace/", views.replace_feed, name="replace_feed"),
    path("account/calendars/<int:feed_id>/stop/", views.stop_feed, name="stop_feed"),
]
