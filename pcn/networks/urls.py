from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("networks/new/", views.set_up, name="set_up"),
    path("networks/new/<str:pcn_code>/", views.create, name="create"),
    path("networks/applications/", views.applications, name="applications"),
    path(
        "networks/applications/<int:application_id>/",
        views.application,
        name="application",
    ),
    path(
        "networks/applications/<int:application_id>/approve/",
        views.approve_application,
        name="approve_application",
    ),
    path("practices/", views.practices, name="practices"),
    path("practices/populations/upload/", views.upload_populations, name="upload_populations"),
    path(
        "practices/populations/upload/confirm/",
        views.confirm_populations,
        name="confirm_populations",
    ),
    path("practices/<str:ods_code>/", views.practice, name="practice"),
    path("practices/<str:ods_code>/edit/", views.edit_practice, name="edit_practice"),
    path("practices/<str:ods_code>/rooms/", views.edit_rooms, name="edit_rooms"),
    path("practices/<str:ods_code>/population/", views.enter_population, name="enter_population"),
    path(
        "practices/<str:ods_code>/population/<str:basis>/remove/",
        views.remove_population,
        name="remove_population",
    ),
]
