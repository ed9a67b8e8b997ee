from django.urls import path

from . import views

app_name = "benchmarking"
urlpatterns = [
    path("benchmark/", views.network_benchmark, name="benchmark"),
    path("benchmark/pcn/<str:pcn_code>/", views.pcn_benchmark, name="pcn"),
]
