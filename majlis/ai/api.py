"""REST API of the AI management system (mounted at /api/ai)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from majlis.ai import governance
from majlis.ai.models import AIOutput, AISystem
from majlis.core.api_auth import STAFF_AUTH

router = Router(tags=["ai"])


def _governor(request):
    if not governance.can_govern(request.user):
        raise PermissionDenied("only the AI governance officer may do this")


class SystemOut(Schema):
    key: str
    name_en: str
    name_ar: str
    purpose_en: str
    provider: str
    model: str
    version: str
    risk_level: str
    owner: str
    data_used: str
    enabled: bool


class SwitchIn(Schema):
    enabled: bool


class OutputOut(Schema):
    id: int
    system: str
    model: str
    version: str
    method: str
    input_hash: str
    created: dt.datetime
    latency_ms: int | None
    state: str
    output: dict | list | None
    diff: list | None

    @staticmethod
    def resolve_system(obj):
        return obj.system.key


class IncidentIn(Schema):
    description: str


class IncidentOut(Schema):
    id: int
    system: str
    output_id: int | None
    description: str
    state: str

    @staticmethod
    def resolve_system(obj):
        return obj.system.key


@router.get("/systems", response=list[SystemOut], auth=STAFF_AUTH, summary="The AI inventory")
def systems(request):
    return list(AISystem.objects.all())


@router.post("/systems/{key}/enabled", response=SystemOut, auth=STAFF_AUTH, summary="Switch an AI feature on or off (AI governance officer)")
def switch(request, key: str, payload: SwitchIn):
    get_object_or_404(AISystem, key=key)
    return governance.set_enabled(request.user, key, payload.enabled)


@router.get("/outputs", response=list[OutputOut], auth=STAFF_AUTH, summary="Recent entries of the AI event log (AI governance officer)")
def outputs(request, system: str = "", limit: int = 50):
    _governor(request)
    qs = AIOutput.objects.select_related("system")
    if system:
        qs = qs.filter(system__key=system)
    return list(qs[: max(1, min(limit, 500))])


@router.post("/outputs/{pk}/incidents", response={201: IncidentOut}, auth=STAFF_AUTH, summary="Report that an AI output is wrong")
def report(request, pk: int, payload: IncidentIn):
    output = get_object_or_404(AIOutput, pk=pk)
    return Status(201, governance.report_incident(request.user, output=output, description=payload.description))
