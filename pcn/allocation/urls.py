from django.urls import path

from .views import services, sharing

app_name = "allocation"
urlpatterns = [
    path("services/", services.services, name="services"),
    path("services/starter/", services.add_starter_services, name="add_starter_services"),
    path("services/new/", services.add_service, name="add_service"),
    path("services/<int:service_id>/edit/", services.edit_service, name="edit_service"),
    path("services/<int:service_id>/remove/", services.remove_service, name="remove_service"),
    path("practices/<str:ods_code>/services/", services.practice_answers, name="practice_answers"),
    path("allocation/", sharing.allocation, name="allocation"),
    path("allocation/fairness/", sharing.fairness, name="fairness"),
    path("allocation/fairness/<int:service_id>/", sharing.fairness, name="service_fairness"),
    path(
        "allocation/fairness/<int:service_id>/default/",
        sharing.use_network_default,
        name="use_default",
    ),
    path("allocation/compare/", sharing.compare, name="compare"),
    path("allocation/scenarios/", sharing.scenarios, name="scenarios"),
    path("allocation/scenarios/<int:scenario_id>/", sharing.scenario, name="scenario"),
    path(
        "allocation/scenarios/<int:scenario_id>/agree/",
        sharing.agree_scenario,
        name="agree_scenario",
    ),
    path("allocation/ledger/", sharing.ledger, name="ledger"),
]
