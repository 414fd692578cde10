"""The language of each request: the user's saved choice, then the language cookie, then
the deployment's language (MAJLIS_DEFAULT_LANGUAGE).

A parliament's site opens in its own language whatever the browser asks for;
MAJLIS_HONOR_BROWSER_LANGUAGE=1 lets Accept-Language decide when nobody chose.
Runs after authentication so a signed-in user's choice follows them between devices.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str | None:
    languages = dict(settings.LANGUAGES)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
        if profile is not None and profile.language in languages:
            return profile.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in languages else None


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        language = chosen_language(request)
        if language is None and settings.HONOR_BROWSER_LANGUAGE:
            return super().process_request(request)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
