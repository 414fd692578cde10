"""Files sent to browsers a piece at a time, whatever their size.

Under ASGI, Django cannot iterate a `FileResponse`'s file on the event loop, so it reads
the whole file into memory in a thread before sending the first byte: fifty tablets
opening a 20 MB paper at once meant fifty copies of it in the server, and seconds before
any tablet got a byte (`benchmarks/sitting_start_downloads.py`).

`streamed` gives such a response an asynchronous iterator that reads one chunk at a time
in threads of its own. uvicorn's flow control then holds each download to what its client
has taken. The threads are not the default executor's, where `meetings.live.db_call`
casts votes: a download storm queues behind itself, not in front of a vote.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.exception import response_for_exception
from django.http import FileResponse, HttpResponseBase

CHUNK_BYTES = 128 * 1024
_readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="majlis-file-read")


def streamed(request, response: HttpResponseBase) -> HttpResponseBase:
    """`response`, streamed chunk by chunk when it sends a file to an ASGI request. Its
    headers (length, type, file name) stay as `FileResponse` set them, and the file is
    still closed with the response."""
    if isinstance(request, ASGIRequest) and isinstance(response, FileResponse) and response.file_to_stream is not None:
        response.streaming_content = _chunks(response.file_to_stream)
    return response


async def _chunks(file):
    loop = asyncio.get_running_loop()
    while chunk := await loop.run_in_executor(_readers, file.read, CHUNK_BYTES):
        yield chunk


class StaticFiles(ASGIStaticFilesHandler):
    """The embedded server's `/static/`, answered ahead of Django's middleware (a reverse
    proxy takes it over at scale). A tablet opening its first page fetches a stylesheet,
    a script and up to four fonts. Through the middleware each fetch loaded the session,
    the login and its profile (three queries), in the one thread where Django runs views:
    100 tablets took 4.5 s, where they now take under 1 s. Each file is streamed."""

    def serve(self, request):
        try:
            return streamed(request, super().serve(request))
        except SuspiciousOperation as exc:  # a path out of the static folders: 400, as Django's routes answer it
            return response_for_exception(request, exc)
