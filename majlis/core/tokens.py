"""API tokens: random, shown once, stored as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from majlis.core import audit
from majlis.core.models import ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue(actor, user, name: str) -> str:
    token = "mjl_" + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name[:100], prefix=token[:12], key_hash=_digest(token))
    audit.record(actor, "api_token.issue", row, after={"user": user.pk, "name": row.name, "prefix": row.prefix})
    return token


def user_for(token: str):
    if not token or not token.startswith("mjl_"):
        return None
    row = ApiToken.objects.select_related("user").filter(key_hash=_digest(token), revoked=False).first()
    if row is None or not row.user.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used=timezone.now())
    return row.user
