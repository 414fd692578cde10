"""Login with throttling of repeated failures and an optional TOTP second factor.

Failures are counted per account and per client address in the cache; past the limit
the account (or address) is refused for a lockout period without checking the
password, so guessing cannot continue. With Redis configured the counts are shared by
every server process.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device


def _key(kind: str, value: str) -> str:
    return "login-fail:" + kind + ":" + hashlib.sha256(value.lower().encode()).hexdigest()[:32]


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def is_locked(username: str, address: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return cache.get(_key("user", username), 0) >= limit or cache.get(_key("addr", address), 0) >= limit * 4


def note_failure(username: str, address: str) -> None:
    for key in (_key("user", username), _key("addr", address)):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def clear_failures(username: str) -> None:
    cache.delete(_key("user", username))


class LoginForm(AuthenticationForm):
    otp_token = forms.CharField(
        label=_("Verification code"), required=False, max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Only if you set up a second factor"),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed attempts. Try again in a few minutes."),
        "otp": _("The verification code is missing or wrong."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        address = client_address(self.request) if self.request else "unknown"
        if is_locked(username, address):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        if username and password:
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                note_failure(username, address)
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
            if user_has_device(self.user_cache, confirmed=True):
                token = (self.cleaned_data.get("otp_token") or "").strip()
                if not token:  # not a guess: ask for the code without counting a failure
                    raise forms.ValidationError(self.error_messages["otp"], code="otp")
                device = match_token(self.user_cache, token)  # the device throttles wrong codes itself
                if device is None:
                    note_failure(username, address)
                    raise forms.ValidationError(self.error_messages["otp"], code="otp")
                self.user_cache.otp_device = device
            clear_failures(username)
        return self.cleaned_data
