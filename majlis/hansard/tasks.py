"""Background tasks of the Hansard."""

from __future__ import annotations

from majlis.core.tasks_api import task


@task()
def transcribe_task(transcription_id: int) -> dict:
    """Speech-to-text of one uploaded audio file into its record, with a progress bar."""
    from majlis.hansard import transcription

    row = transcription.run(transcription_id)
    return {"state": row.state, "segments": row.segments, "message": row.message}
