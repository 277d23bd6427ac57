"""Job alerts, mounted at /alerts/. Links in emails carry a signed token: no sign-in needed."""

from django.urls import path

from ..views import alerts

app_name = "alerts"

urlpatterns = [
    path("subscribe/", alerts.subscribe, name="subscribe"),
    path("confirm/<str:token>/", alerts.confirm, name="confirm"),
    path("manage/<str:token>/", alerts.manage, name="manage"),
    path("manage/<str:token>/filters/", alerts.change_filters, name="change-filters"),
    path("manage/<str:token>/pause/", alerts.pause, name="pause"),
    path("manage/<str:token>/resume/", alerts.resume, name="resume"),
    path("manage/<str:token>/resubscribe/", alerts.resubscribe, name="resubscribe"),
    path("manage/<str:token>/delete/", alerts.delete, name="delete"),
    path("unsubscribe/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("mine/", alerts.mine, name="mine"),
]
