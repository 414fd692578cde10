"""REST API of the relations app (mounted under /api/ by majlis.api)."""

from ninja import Router

router = Router(tags=["relations"])
