"""Optional LLM backend for extraction: any OpenAI-compatible server (vLLM, llama.cpp,
Ollama) at `MAJLIS_LLM_URL`. The rules always run first; the LLM is asked to correct
their JSON, and its answer is used only if it parses into the documented shape. Any
failure (no server, timeout, bad JSON) keeps the rules' result, so the feature never
depends on the LLM. The result's `method` says which produced it.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request

TIMEOUT = 30

PROMPT = (
    "You extract international-relations engagements from a parliament's press release. "
    "Correct the draft JSON produced by a rule-based extractor. Return ONLY JSON with exactly this shape: "
    '{"language": "ar|en", "events": [{"type": "visit|meeting|call|conference|signing|joint_committee|other", '
    '"date": "YYYY-MM-DD" or null, "places": [], "countries": ["ISO alpha-2"], "participants": [{"name": "as written", '
    '"name_en": "", "title": "", "organization": "", "country": "XX", "person_id": null}], "organizations": [], '
    '"topics": [], "outcomes": []}], "mentioned": []}. Keep person_id values from the draft. People merely praised or '
    "mentioned (heads of state) go to \"mentioned\". Resolve relative dates against the publication date."
)


def url() -> str:
    from django.conf import settings

    return (getattr(settings, "LLM_URL", "") or "").rstrip("/")


def configured() -> bool:
    return bool(url())


def model_name() -> str:
    from django.conf import settings

    return settings.LLM_MODEL


def post(endpoint: str, payload: dict) -> dict:
    request = urllib.request.Request(endpoint, data=json.dumps(payload).encode("utf-8"), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - operator-configured URL
        return json.loads(response.read().decode("utf-8"))


def improve(text: str, draft, *, published: dt.date | None = None):
    from majlis.relations.extract import from_json

    payload = {
        "model": model_name(),
        "temperature": 0,
        "messages": [
            {"role": "system", "content": PROMPT},
            {"role": "user", "content": json.dumps({"published": published.isoformat() if published else None, "text": text[:20000],
                                                    "draft": draft.as_json()}, ensure_ascii=False)},
        ],
    }
    try:
        answer = post(url() + "/chat/completions", payload)
        content = answer["choices"][0]["message"]["content"].strip()
        if content.startswith("```"):
            content = content.strip("`").removeprefix("json").strip()
        data = json.loads(content)
        if not isinstance(data, dict) or not isinstance(data.get("events"), list):
            return None
        result = from_json(data)
    except (urllib.error.URLError, TimeoutError, OSError, KeyError, IndexError, ValueError, TypeError):
        return None
    result.method = f"llm:{model_name()}"
    result.milestones = draft.milestones
    result.title = draft.title
    return result
