from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "pcn.benchmarking"
    label = "benchmarking"
    verbose_name = "Benchmark against England"
