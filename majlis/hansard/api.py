"""REST API of the hansard app (mounted under /api/ by majlis.api)."""

from ninja import Router

router = Router(tags=["hansard"])
