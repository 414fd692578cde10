"""Cards on the home dashboard; apps register theirs in `AppConfig.ready()`:

    @dashboard.register(order=20)
    def upcoming_meetings(request): return {"title": ..., "template": ..., "context": ...}
"""

from majlis.core.panels import dashboard_cards

register = dashboard_cards.register
cards_for = dashboard_cards.render
