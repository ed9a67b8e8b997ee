from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.index, name="index"),
    path("networks/<str:pcn_code>/choose/", views.choose, name="choose_network"),
    path("home/", views.home, name="home"),
    path("overview/", views.overview, name="overview"),
    path("my-work/", views.my_work, name="my_work"),
]
