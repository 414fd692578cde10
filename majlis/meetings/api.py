"""REST API of the meetings app (mounted under /api/ by majlis.api)."""

from ninja import Router

router = Router(tags=["meetings"])
