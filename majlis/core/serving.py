"""How Majlis runs under uvicorn: one set of options for `majlis serve`, the test servers
and the benchmarks, so that what is tested and measured is what is deployed."""

from __future__ import annotations

UVICORN_OPTIONS = {
    "lifespan": "off",
    "log_level": "warning",
    # uvicorn's Sans-I/O protocol on the `websockets` library (the older one is deprecated).
    "ws": "websockets-sansio",
    # Per-message compression costs a zlib pass per message per connection. A push to a
    # sitting goes to every tablet, console and projector at once, and the states are a
    # few KB on a local network: compression would spend the server's CPU where it is
    # scarcest, on the fan-out of a vote storm.
    "ws_per_message_deflate": False,
}


_serving = False


def is_server_process() -> bool:
    """True in the process `majlis serve` runs (not in tests, workers or commands): what
    tunes a process for serving (e.g. `meetings.live.QuietCollector`) asks this."""
    return _serving


def run(host: str, port: int) -> None:
    import uvicorn

    global _serving
    _serving = True
    uvicorn.run("majlis.asgi:application", host=host, port=port, **UVICORN_OPTIONS)
