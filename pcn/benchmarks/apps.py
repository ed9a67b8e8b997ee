from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "pcn.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
