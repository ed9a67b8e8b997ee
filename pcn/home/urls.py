from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("overview/", views.overview, name="overview"),
    path("my-work/", views.my_work, name="my_work"),
]
