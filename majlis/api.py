"""The REST API: one NinjaAPI, one router per app, OpenAPI at /api/openapi.json."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

from majlis.core.errors import field_errors

api = NinjaAPI(
    title="Majlis API",
    version="1.0",
    description="Bilingual parliament register, meetings, Hansard, relations and search. "
    "Reads of public data need no login; writes need a staff session (with CSRF) or a bearer token.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    return api.create_response(request, {"errors": field_errors(exc)}, status=400)


@api.exception_handler(SchemaError)
def on_schema_error(request, exc):
    # Input the schemas refuse (a wrong type, an unknown choice, a missing field) gets the
    # same answer as a refusal by the services, not django-ninja's 422 {"detail": …}.
    return api.create_response(request, {"errors": [_schema_error(e) for e in exc.errors]}, status=400)


def _schema_error(error: dict) -> dict[str, str]:
    where, *path = [str(part) for part in error.get("loc", ())] or ["", ""]
    if where == "body" and len(path) > 1:
        path = path[1:]  # the body's parameter name, then the field
    return {"field": ".".join(path) or "__all__", "reason": str(error.get("msg", "invalid"))}


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "permission denied"}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "not found"}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": "authentication required"}, status=401)


from majlis.ai.api import router as ai_router  # noqa: E402
from majlis.core.api import router as core_router  # noqa: E402
from majlis.hansard.api import router as hansard_router  # noqa: E402
from majlis.meetings.api import router as meetings_router  # noqa: E402
from majlis.relations.api import router as relations_router  # noqa: E402
from majlis.search.api import router as search_router  # noqa: E402

api.add_router("/", core_router)
api.add_router("/meetings", meetings_router)
api.add_router("/hansard", hansard_router)
api.add_router("/search", search_router)
api.add_router("/relations", relations_router)
api.add_router("/ai", ai_router)
