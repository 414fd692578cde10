"""Demo: register the AI systems Majlis ships in the AI inventory, with an impact
assessment for each one that has none yet. Idempotent.

Each AI feature declares its own inventory entry (a `register_system()` function next
to the feature); this loader calls the ones that are installed.
"""

from __future__ import annotations

import importlib

from django.db import transaction

from majlis.ai import governance
from majlis.ai.models import ImpactAssessment

REGISTRARS = ["majlis.relations.extract:register_system"]

FINDINGS = {
    "relations.extract": (
        "Extracts engagements from public press releases (public officials' names and titles only). "
        "Risk: a wrong participant, date or country in the official register. Treatment: nothing becomes official until a "
        "relations officer accepts it; edits are kept as diffs and acceptance/edit rates are monitored here; the switch "
        "falls back to manual entry."
    ),
}


def load(stdout=None) -> dict:
    systems = []
    for spec in REGISTRARS:
        module_name, func = spec.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        systems.append(getattr(module, func)())
    for system in systems:
        if system.key in FINDINGS and not ImpactAssessment.objects.filter(system=system).exists():
            with transaction.atomic():
                governance.record_assessment(None, system.key, decision="conditions", findings=FINDINGS[system.key])
    if stdout is not None:
        stdout.write(f"demo: {len(systems)} AI systems in the inventory")
    return {"systems": systems}
