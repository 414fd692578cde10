"""Login, throttling, second factor, language and calendar, inert names, deploy checks."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from majlis.core import services
from majlis.core.models import UserProfile

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_home_is_arabic_and_right_to_left_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "لوحة" in html or "الأمانة" in html  # Arabic UI strings from the catalog


def test_language_switch_is_remembered_for_the_user(clerk):
    c = Client()
    c.force_login(clerk)
    c.post("/language/", {"language": "en", "next": "/people/"})
    assert UserProfile.objects.get(user=clerk).language == "en"
    other_device = Client()
    other_device.force_login(clerk)
    assert '<html lang="en" dir="ltr">' in other_device.get("/").content.decode()


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_names_with_html_or_bidi_overrides_are_shown_inert(client):
    person = services.create_person(None, name_en="<script>alert(1)</script>\u202eevil\u202c", name_ar="اسم\u2066خبيث")
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\u202e" not in html and "\u2066" not in html


def test_hijri_dates_on_request(client):
    person = services.create_person(None, name_en="Dated Person", birth_date=dt.date(2024, 3, 26))
    assert "1445" not in client.get(f"/people/{person.pk}/").content.decode()
    html = client.get(f"/people/{person.pk}/?cal=hijri").content.decode()
    assert "1445" in html  # 26 March 2024 is 16 Ramadan 1445


def test_login_form_needs_csrf():
    c = Client(enforce_csrf_checks=True)
    assert c.post("/login/", {"username": "x", "password": "y"}).status_code == 403


def test_repeated_failed_logins_lock_the_account(user_factory, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user_factory("target", "clerk", password="right-password-1")
    c = Client()
    for _ in range(3):
        assert c.post("/login/", {"username": "target", "password": "wrong"}).status_code == 200
    response = c.post("/login/", {"username": "target", "password": "right-password-1"})
    assert response.status_code == 200 and "_auth_user_id" not in c.session
    assert "Too many" in response.content.decode() or "محاولات" in response.content.decode()


def test_correct_login_works_and_sessions_expire(user_factory, settings):
    user_factory("ok", "clerk", password="right-password-1")
    c = Client()
    response = c.post("/login/", {"username": "ok", "password": "right-password-1"})
    assert response.status_code == 302 and "_auth_user_id" in c.session
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_totp_second_factor_is_required_once_set_up(user_factory):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = user_factory("staff2fa", "clerk", password="right-password-1")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    c = Client()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    without_code = c.post("/login/", {"username": "staff2fa", "password": "right-password-1"})
    assert without_code.status_code == 200 and "_auth_user_id" not in c.session
    wrong_code = c.post("/login/", {"username": "staff2fa", "password": "right-password-1", "otp_token": f"{(int(code) + 1) % 10**6:06d}"})
    assert wrong_code.status_code == 200 and "_auth_user_id" not in c.session
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code throttles the device for a moment, by design
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    c.post("/login/", {"username": "staff2fa", "password": "right-password-1", "otp_token": code})
    assert "_auth_user_id" in c.session


def test_totp_setup_confirms_with_a_code(clerk_client, clerk):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page = clerk_client.get("/account/totp/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    clerk_client.post("/account/totp/", {"token": code})
    assert TOTPDevice.objects.get(user=clerk).confirmed


def test_anonymous_users_cannot_reach_account_pages(client):
    for url in ("/account/", "/account/tokens/", "/account/totp/"):
        assert client.get(url).status_code == 302


def test_admin_is_right_to_left_in_arabic(admin_client):
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html


def _check_deploy(env_extra):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "majlis.settings", **env_extra}
    env.pop("MAJLIS_TEST_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = _check_deploy({"MAJLIS_SECURE": "1", "MAJLIS_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
                            "MAJLIS_ALLOWED_HOSTS": "majlis.example.org", "MAJLIS_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_refuses_the_embedded_defaults(tmp_path):
    result = _check_deploy({"MAJLIS_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0 and "SECRET_KEY" in (result.stdout + result.stderr)


def test_the_deployment_language_wins_over_the_browser_unless_configured(client, settings):
    assert 'dir="rtl"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    settings.HONOR_BROWSER_LANGUAGE = True
    assert 'dir="ltr"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    client.cookies["majlis_language"] = "ar"  # an explicit choice still wins
    assert 'dir="rtl"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()


def test_api_tokens_page_issues_and_revokes_and_refuses_nonsense(clerk_client, clerk):
    page = clerk_client.post("/account/tokens/", {"name": "nightly export"}).content.decode()
    assert "mjl_" in page and clerk.api_tokens.filter(name="nightly export", revoked=False).count() == 1
    token = clerk.api_tokens.get()
    assert clerk_client.post("/account/tokens/", {"revoke": "not-a-number"}).status_code == 200
    assert not clerk.api_tokens.get().revoked
    clerk_client.post("/account/tokens/", {"revoke": str(token.pk)})
    assert clerk.api_tokens.get().revoked
