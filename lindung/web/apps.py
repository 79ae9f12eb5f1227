from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as _StaticFilesConfig


class WebConfig(AppConfig):
    name = "lindung.web"
    label = "web"


class StaticFilesConfig(_StaticFilesConfig):
    """django.contrib.staticfiles, without assets no page uses.

    django-ninja ships ReDoc and the Swagger bundle's source map besides the Swagger UI that
    /api/docs serves; collecting them cost most of collectstatic's time (hashing and
    compressing 6 MB) for files nobody requests. Switching the API docs to ReDoc would need
    `ninja/redoc.standalone.js*` back. swagger-ui.css.map stays: the stylesheet names it.
    """

    ignore_patterns = [
        *_StaticFilesConfig.ignore_patterns,
        "ninja/redoc.standalone.js",
        "ninja/redoc.standalone.js.map",
        "ninja/swagger-ui-bundle.js.map",
    ]
