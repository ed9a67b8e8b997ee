from django.urls import path

from . import views

app_name = "reference"
urlpatterns = [path("nhs-data/", views.sources, name="sources")]
