from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lindung.demo"
    label = "demo"
