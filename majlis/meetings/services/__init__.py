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
