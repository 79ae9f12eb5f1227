from django.apps import AppConfig


class BpjsConfig(AppConfig):
    name = "lindung.bpjs"
    label = "bpjs"
    verbose_name = "Data BPJS Ketenagakerjaan"
