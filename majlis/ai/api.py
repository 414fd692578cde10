"""REST API of the ai app (mounted under /api/ by majlis.api)."""

from ninja import Router

router = Router(tags=["ai"])
