"""Every write to the meetings app goes through these functions: validated, in one
transaction, audited where the official record changes, pushed to live pages after
commit. Each takes the acting user first (None = the system, e.g. the demo loader).
"""

from majlis.meetings.services.followup import (  # noqa: F401
    board,
    create_action_item,
    due_for_reminder,
    update_action_item,
    update_action_item_status,
)
from majlis.meetings.services.attendance import (  # noqa: F401,E402
    attendance_open,
    current_status,
    entitled_ids,
    entitled_people,
    present_ids,
    quorum,
    record_attendance,
)
from majlis.meetings.services.calendar import (  # noqa: F401,E402
    TRANSITIONS,
    add_agenda_item,
    allocate_number,
    available_transitions,
    create_meeting,
    reorder_agenda,
    rules_for,
    set_current_item,
    set_rules,
    transition,
    update_agenda_item,
    update_meeting,
)
from majlis.meetings.services.decisions import record_decision  # noqa: F401,E402
from majlis.meetings.services.minutes import generate_minutes, save_minutes, transition_minutes  # noqa: F401,E402
from majlis.meetings.services.motions import (  # noqa: F401,E402
    MOTION_WORKFLOW,
    cosign,
    submit_motion,
    transition_motion,
    workflow_for,
)
from majlis.meetings.services.papers import paperless_figures, upload_paper  # noqa: F401,E402
from majlis.meetings.services.speakers import (  # noqa: F401,E402
    end_speech,
    give_floor,
    move_in_queue,
    next_speaker,
    pause_speech,
    reorder_queue,
    request_floor,
    resume_speech,
    withdraw,
)
from majlis.meetings.services.voting import (  # noqa: F401,E402
    VoteRefused,
    cancel_poll,
    cast_vote,
    cast_votes,
    close_poll,
    counts,
    create_poll,
    enter_show_of_hands,
    named_results,
    open_poll,
)
