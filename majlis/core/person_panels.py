"""Sections other apps add to a person's page (speeches, meetings, engagements):

    @person_panels.register(order=30)
    def engagements(request, person): return {"title": ..., "template": ..., "context": ...}
"""

from majlis.core.panels import person_panels

register = person_panels.register
panels_for = person_panels.render
