from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "pcn.money"
    label = "money"
    verbose_name = "Money: entitlements, claims, income and statements"
