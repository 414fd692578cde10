"""The AI management system's service layer: the one writer of `majlis.ai.models`.

Every AI feature in Majlis goes through here:

    from majlis.ai import governance

    governance.ensure_system("relations.extract", name_en=..., purpose_en=..., provider=...,
                             model=..., version=..., risk_level="limited")
    if not governance.is_enabled("relations.extract"):
        raise governance.FeatureDisabled("relations.extract")   # the caller offers the manual path
    out = governance.record_output("relations.extract", inputs={...}, output={...}, user=request.user)
    ...
    governance.review(officer, out, "edited", final={...})    # keeps the diff

Changes to the inventory, switches, assessments, reviews and incidents are written to the
audit chain (`majlis.core.audit`) in the same transaction. The AI event log itself
(`AIOutput`) is append-only: rows are never deleted, and only their review state changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from majlis.ai.models import AIOutput, AISystem, ImpactAssessment, Incident
from majlis.core import audit
from majlis.core.roles import Role, has_role

RISK_LEVELS = {"minimal", "limited", "high"}
REVIEW_STATES = {"accepted", "edited", "rejected"}
SYSTEM_FIELDS = ("name_en", "name_ar", "purpose_en", "purpose_ar", "provider", "model", "version", "risk_level", "owner", "data_used")


class FeatureDisabled(Exception):
    """The AI feature is switched off (or not registered): offer the manual path."""

    def __init__(self, key: str, message: str = ""):
        self.key = key
        super().__init__(message or f"the AI feature {key!r} is disabled; use manual entry")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def input_hash(inputs: Any) -> str:
    """sha256 of the canonical JSON of the inputs (bytes are hashed as they are)."""
    if isinstance(inputs, (bytes, bytearray)):
        return hashlib.sha256(bytes(inputs)).hexdigest()
    return hashlib.sha256(canonical_json(inputs).encode("utf-8")).hexdigest()


def can_govern(user) -> bool:
    return has_role(user, Role.AI_GOVERNANCE_OFFICER, Role.ADMINISTRATOR)


def _require_governor(actor) -> None:
    if actor is not None and not can_govern(actor):
        raise PermissionDenied("only the AI governance officer may change the AI inventory")


def _system(key_or_system) -> AISystem:
    if isinstance(key_or_system, AISystem):
        return key_or_system
    found = AISystem.objects.filter(key=key_or_system).first()
    if found is None:
        raise ValidationError({"key": f"no AI system {key_or_system!r} is registered"})
    return found


# --- inventory --------------------------------------------------------------------------

def ensure_system(
    key: str, *, name_en: str, name_ar: str = "", purpose_en: str, purpose_ar: str = "", provider: str, model: str,
    version: str, risk_level: str, owner: str = "", data_used: str = "", enabled: bool = True,
) -> AISystem:
    """Register an AI feature in the inventory, idempotently.

    A second call with the same values changes nothing. A changed model, version or
    description updates the row and writes an audit event (a model change is what should
    trigger a new impact assessment). `enabled` only applies when the system is first
    registered: afterwards only the governance officer's switch decides.
    """
    if risk_level not in RISK_LEVELS:
        raise ValidationError({"risk_level": f"must be one of {sorted(RISK_LEVELS)}"})
    if not key or not name_en or not purpose_en or not provider or not model or not version:
        raise ValidationError({"key": "key, name_en, purpose_en, provider, model and version are required"})
    values = {
        "name_en": name_en, "name_ar": name_ar, "purpose_en": purpose_en, "purpose_ar": purpose_ar, "provider": provider,
        "model": model, "version": version, "risk_level": risk_level, "owner": owner, "data_used": data_used,
    }
    with transaction.atomic():
        system = AISystem.objects.select_for_update().filter(key=key).first()
        if system is None:
            system = AISystem(key=key, enabled=enabled, **values)
            system.full_clean()
            system.save()
            audit.record(None, "ai.system.register", system, after=audit.snapshot(system))
            return system
        changed = {f: v for f, v in values.items() if getattr(system, f) != v}
        if not changed:
            return system
        before = audit.snapshot(system)
        for f, v in changed.items():
            setattr(system, f, v)
        system.full_clean()
        system.save()
        action = "ai.system.model_change" if {"model", "version"} & set(changed) else "ai.system.update"
        audit.record(None, action, system, before=before, after=audit.snapshot(system))
        return system


def is_enabled(key: str) -> bool:
    """True only for a registered system that is switched on. Unregistered counts as off."""
    return AISystem.objects.filter(key=key, enabled=True).exists()


def require_enabled(key: str) -> AISystem:
    system = AISystem.objects.filter(key=key).first()
    if system is None or not system.enabled:
        raise FeatureDisabled(key)
    return system


def set_enabled(actor, key: str, enabled: bool) -> AISystem:
    """The kill switch: only the AI governance officer (or an administrator) may flip it."""
    _require_governor(actor)
    with transaction.atomic():
        system = AISystem.objects.select_for_update().filter(key=key).first()
        if system is None:
            raise ValidationError({"key": f"no AI system {key!r} is registered"})
        if system.enabled == bool(enabled):
            return system
        before = audit.snapshot(system, ["enabled"])
        system.enabled = bool(enabled)
        system.save(update_fields=["enabled", "updated"])
        audit.record(actor, "ai.system.enable" if enabled else "ai.system.disable", system, before=before, after=audit.snapshot(system, ["enabled"]))
        return system


def record_assessment(actor, key: str, *, findings: str, decision: str, valid_until: dt.date | None = None) -> ImpactAssessment:
    """An impact assessment (ISO/IEC 42001 A.5): who, when, findings, decision."""
    _require_governor(actor)
    if decision not in ImpactAssessment.Decision.values:
        raise ValidationError({"decision": f"must be one of {ImpactAssessment.Decision.values}"})
    if not (findings or "").strip():
        raise ValidationError({"findings": "the findings are required"})
    with transaction.atomic():
        system = _system(key)
        row = ImpactAssessment.objects.create(
            system=system, assessor=actor if getattr(actor, "is_authenticated", False) else None, assessed_at=timezone.now(),
            model_version=f"{system.model} {system.version}", findings=findings.strip(), decision=decision, valid_until=valid_until,
        )
        audit.record(actor, "ai.assessment.record", row, object_repr=f"{system.key}: {decision}", after=audit.snapshot(row))
        return row


# --- the event log ----------------------------------------------------------------------

def record_output(
    key: str, *, inputs: Any, output: Any, user=None, model: str = "", version: str = "", latency_ms: int | None = None,
    target=None, method: str = "",
) -> AIOutput:
    """Log one AI output (ISO/IEC 42001 A.6.2.8). Inputs are stored only as their hash."""
    system = _system(key)
    row = AIOutput(
        system=system, model=model or system.model, version=version or system.version, input_hash=input_hash(inputs),
        output=json.loads(canonical_json(output)), method=method,
        user=user if getattr(user, "is_authenticated", False) else None,
        latency_ms=int(latency_ms) if latency_ms is not None else None,
    )
    if target is not None:
        set_target(row, target, save=False)
    row.save()
    return row


def set_target(output: AIOutput, target, *, save: bool = True) -> AIOutput:
    from django.contrib.contenttypes.models import ContentType

    output.target_type = ContentType.objects.get_for_model(type(target))
    output.target_id = str(target.pk)
    if save:
        output.save(update_fields=["target_type", "target_id"])
    return output


def outputs_for(target):
    from django.contrib.contenttypes.models import ContentType

    return AIOutput.objects.filter(target_type=ContentType.objects.get_for_model(type(target)), target_id=str(target.pk))


def diff(before: Any, after: Any, path: str = "") -> list[dict]:
    """The changes from `before` to `after` as a list of {path, before, after} (JSON paths)."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[dict] = []
        for k in sorted(set(before) | set(after), key=str):
            sub = f"{path}.{k}" if path else str(k)
            if k not in after:
                out.append({"path": sub, "before": before[k], "after": None, "op": "removed"})
            elif k not in before:
                out.append({"path": sub, "before": None, "after": after[k], "op": "added"})
            else:
                out.extend(diff(before[k], after[k], sub))
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after) and all(isinstance(x, dict) for x in before + after):
        out = []
        for i, (b, a) in enumerate(zip(before, after)):
            out.extend(diff(b, a, f"{path}[{i}]"))
        return out
    if before == after:
        return []
    return [{"path": path or "$", "before": before, "after": after, "op": "changed"}]


def review(actor, output: AIOutput, state: str, final: Any = None) -> AIOutput:
    """A person's decision on an AI output: accepted, edited (with the final version) or rejected.

    For "edited" the diff between the AI output and the final version is stored — it is
    the measurement of the AI feature. An "accepted" output whose final differs from the
    output is recorded as "edited".
    """
    if state not in REVIEW_STATES:
        raise ValidationError({"state": f"must be one of {sorted(REVIEW_STATES)}"})
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("a person must review AI output")
    with transaction.atomic():
        row = AIOutput.objects.select_for_update().get(pk=output.pk)
        if row.state != AIOutput.State.UNREVIEWED:
            raise ValidationError({"state": f"this output was already reviewed ({row.state})"})
        changes: list[dict] = []
        if state in {"accepted", "edited"}:
            final_value = json.loads(canonical_json(final)) if final is not None else row.output
            changes = diff(row.output, final_value)
            if state == "accepted" and changes:
                state = "edited"
            row.final = final_value
        row.diff = changes if state == "edited" else None
        row.state = state
        row.reviewer = actor
        row.reviewed_at = timezone.now()
        row.save(update_fields=["state", "reviewer", "reviewed_at", "final", "diff"])
        audit.record(actor, f"ai.output.{state}", row, object_repr=str(row)[:300],
                     after={"state": state, "changes": len(changes), "input_hash": row.input_hash})
    output.refresh_from_db()
    return output


# --- incidents --------------------------------------------------------------------------

def report_incident(actor, *, output: AIOutput | None = None, key: str = "", description: str) -> Incident:
    """"This output is wrong": anyone signed in may report; the governance officer follows up."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("sign in to report a problem")
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": "say what is wrong"})
    if len(description) > 5000:
        raise ValidationError({"description": "at most 5000 characters"})
    with transaction.atomic():
        system = output.system if output is not None else _system(key)
        row = Incident.objects.create(system=system, output=output, reporter=actor, description=description)
        audit.record(actor, "ai.incident.report", row, object_repr=f"{system.key}: incident", after=audit.snapshot(row))
        return row


def resolve_incident(actor, incident: Incident, resolution: str) -> Incident:
    _require_governor(actor)
    if not (resolution or "").strip():
        raise ValidationError({"resolution": "say how it was resolved"})
    with transaction.atomic():
        before = audit.snapshot(incident, ["state", "resolution"])
        incident.state = Incident.State.RESOLVED
        incident.resolution = resolution.strip()
        incident.resolved_by = actor
        incident.resolved_at = timezone.now()
        incident.save()
        audit.record(actor, "ai.incident.resolve", incident, before=before, after=audit.snapshot(incident, ["state", "resolution"]))
        return incident


# --- monitoring -------------------------------------------------------------------------

def rates() -> list[dict]:
    """Per system: outputs, reviewed, accepted/edited/rejected counts and rates, open incidents."""
    from django.db.models import Count, Q

    rows = []
    qs = AISystem.objects.annotate(
        n=Count("outputs", distinct=True),
        accepted=Count("outputs", filter=Q(outputs__state="accepted"), distinct=True),
        edited=Count("outputs", filter=Q(outputs__state="edited"), distinct=True),
        rejected=Count("outputs", filter=Q(outputs__state="rejected"), distinct=True),
    )
    open_incidents = dict(Incident.objects.filter(state="open").values_list("system").annotate(c=Count("id")).values_list("system", "c"))
    for s in qs:
        reviewed = s.accepted + s.edited + s.rejected
        rows.append({
            "system": s, "key": s.key, "outputs": s.n, "reviewed": reviewed, "accepted": s.accepted, "edited": s.edited,
            "rejected": s.rejected,
            "acceptance_rate": round((s.accepted + s.edited) / reviewed, 3) if reviewed else None,
            "edit_rate": round(s.edited / reviewed, 3) if reviewed else None,
            "open_incidents": open_incidents.get(s.pk, 0),
        })
    return rows


CSV_COLUMNS = ["id", "time", "system", "model", "version", "method", "input_hash", "user", "latency_ms", "target",
               "state", "reviewer", "reviewed_at", "changes", "output"]


def export_csv(stream, *, system: str = "", since: dt.date | None = None, until: dt.date | None = None) -> int:
    """Write the AI event log as CSV (for audits). Returns the number of rows."""
    import csv

    qs = AIOutput.objects.select_related("system", "user", "reviewer", "target_type").order_by("created", "id")
    if system:
        qs = qs.filter(system__key=system)
    if since:
        qs = qs.filter(created__date__gte=since)
    if until:
        qs = qs.filter(created__date__lte=until)
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for o in qs.iterator(chunk_size=500):
        writer.writerow([
            o.pk, o.created.isoformat(), o.system.key, o.model, o.version, o.method, o.input_hash,
            o.user.get_username() if o.user_id else "", o.latency_ms if o.latency_ms is not None else "",
            f"{o.target_type.app_label}.{o.target_type.model}:{o.target_id}" if o.target_type_id else "",
            o.state, o.reviewer.get_username() if o.reviewer_id else "", o.reviewed_at.isoformat() if o.reviewed_at else "",
            len(o.diff or []), canonical_json(o.output),
        ])
        n += 1
    return n
