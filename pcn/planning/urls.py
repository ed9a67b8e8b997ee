from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("money/plan/", views.plan_page, name="plan"),
    path("money/plan/csv/", views.plan_csv, name="plan_csv"),
    path("money/plan/add/", views.add_to_forecast, name="add_to_forecast"),
]
