from django.urls import path

from . import views

app_name = "allocation"
urlpatterns = [
    path("services/", views.services, name="services"),
    path("services/starter/", views.add_starter_services, name="add_starter_services"),
    path("services/new/", views.add_service, name="add_service"),
    path("services/<int:service_id>/edit/", views.edit_service, name="edit_service"),
    path("services/<int:service_id>/remove/", views.remove_service, name="remove_service"),
    path("practices/<str:ods_code>/services/", views.practice_answers, name="practice_answers"),
    path("allocation/", views.allocation, name="allocation"),
    path("allocation/fairness/", views.fairness, name="fairness"),
    path("allocation/fairness/<int:service_id>/", views.fairness, name="service_fairness"),
    path(
        "allocation/fairness/<int:service_id>/default/",
        views.use_network_default,
        name="use_default",
    ),
    path("allocation/compare/", views.compare, name="compare"),
    path("allocation/scenarios/", views.scenarios, name="scenarios"),
    path("allocation/scenarios/<int:scenario_id>/", views.scenario, name="scenario"),
    path(
        "allocation/scenarios/<int:scenario_id>/agree/", views.agree_scenario, name="agree_scenario"
    ),
    path("allocation/ledger/", views.ledger, name="ledger"),
]
