"""REST API of the search app (mounted under /api/ by majlis.api)."""

from ninja import Router

router = Router(tags=["search"])
