from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from lindung.api import errors
from lindung.api.auth import AUTH
from lindung.api.routers.citywide import router as citywide_router
from lindung.api.routers.compliance import router as compliance_router
from lindung.api.routers.coverage import router as coverage_router
from lindung.api.routers.imports import router as imports_router
from lindung.api.routers.projects import router as projects_router
from lindung.api.routers.reconciliation import router as reconciliation_router
from lindung.api.routers.registry import router as registry_router
from lindung.api.routers.rulebook import router as rulebook_router


class LindungAPI(NinjaAPI):
    """NinjaAPI whose schema declares the error answers every operation can give."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        errors.document_errors(schema)
        return schema


api = LindungAPI(
    title="Lindung API",
    version="1",
    description=(
        "API Lindung: registri OPD, orang dan penugasan; kalkulator iuran dan manfaat. "
        "Autentikasi: Bearer token."
    ),
    auth=AUTH,
    urls_namespace="api-v1",
    docs_url="/docs",
)
errors.install(api)
api.add_router("/", registry_router)
api.add_router("/", rulebook_router)
api.add_router("/", imports_router)
api.add_router("/", compliance_router)
api.add_router("/", reconciliation_router)
api.add_router("/", projects_router)
api.add_router("/", coverage_router)
api.add_router("/", citywide_router)
