"""Activate the language a signed-in user chose, on whatever device they use."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
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


class LanguageMiddleware(LocaleMiddleware):
    """The deployment's language (MAJLIS_DEFAULT_LANGUAGE) unless the visitor chose one.

    A parliament's site opens in its own language whatever the browser asks for;
    MAJLIS_HONOR_BROWSER_LANGUAGE=1 restores Accept-Language negotiation.
    """

    def process_request(self, request):
        if settings.HONOR_BROWSER_LANGUAGE:
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
