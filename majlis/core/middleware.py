"""Activate the language a signed-in user chose, on whatever device they use."""

from __future__ import annotations

from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
            language = getattr(profile, "language", "")
            if language and language != request.LANGUAGE_CODE and not request.path.startswith("/i18n/"):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
