from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.index, name="index"),
    path("networks/<str:pcn_code>/choose/", views.choose, name="choose_network"),
    path("home/", views.home, name="home"),
    path("overview/", views.overview, name="overview"),
    path("my-work/", views.my_work, name="my_work"),
    path("icb/<str:icb_code>/", views.icb, name="icb"),
    path("icb/<str:icb_code>/networks.csv", views.icb_networks_csv, name="icb_networks_csv"),
    path("icb/<str:icb_code>/census.csv", views.icb_census_csv, name="icb_census_csv"),
    path("icb/<str:icb_code>/networks/<str:pcn_code>/", views.icb_network, name="icb_network"),
]
