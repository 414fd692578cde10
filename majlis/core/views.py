"""Pages of the register and of the user's own account. Thin: the logic is in services."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from majlis.core import tokens
from majlis.core.models import Organization, Person
from majlis.core.roles import is_staff_member

MAX_QUERY = 200


def people(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    rows = Person.objects.select_related("country")
    if query:
        matched = rows.match(query)
        # A prefix of a name typed so far should already find people.
        rows = matched if matched.exists() else rows.filter(Q(name_ar__icontains=query) | Q(name_en__icontains=query) | Q(name_variants__name__icontains=query)).distinct()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page": page, "query": query}
    if request.GET.get("fragment"):
        return render(request, "core/_people_rows.html", context)
    return render(request, "core/people.html", context)


def person(request, pk: int):
    person = get_object_or_404(Person.objects.select_related("country"), pk=pk)
    memberships = person.memberships.select_related("organization", "post", "on_behalf_of").order_by("-start_date")
    from majlis.core.person_panels import panels_for

    return render(request, "core/person.html", {"person": person, "memberships": memberships, "variants": person.name_variants.all(),
                                                "panels": panels_for(request, person)})


def bodies(request):
    classification = request.GET.get("classification", "")
    rows = Organization.objects.select_related("country", "parent")
    if classification:
        rows = rows.filter(classification=classification)
    return render(request, "core/bodies.html", {"bodies": rows, "classification": classification, "choices": Organization.Classification.choices})


def body(request, pk: int):
    org = get_object_or_404(Organization.objects.select_related("country", "parent"), pk=pk)
    current = org.memberships.filter(end_date__isnull=True).select_related("person", "post", "on_behalf_of").order_by("post__name_en", "person__name_en")
    children = org.children.all()
    terms = org.terms.prefetch_related("sessions") if org.classification == Organization.Classification.CHAMBER else []
    return render(request, "core/body.html", {"body": org, "memberships": current, "children": children, "posts": org.posts.all(), "terms": terms})


@login_required
def account(request):
    from django_otp import user_has_device

    return render(request, "core/account.html", {"has_totp": user_has_device(request.user, confirmed=True), "is_staff_member": is_staff_member(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def totp_setup(request):
    """Offer staff a TOTP second factor: show the secret as a QR code, confirm with a code."""
    import qrcode
    import qrcode.image.svg
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not is_staff_member(request.user):
        messages.error(request, _("A second factor is offered to secretariat staff."))
        return redirect("account")
    device, _created = TOTPDevice.objects.get_or_create(user=request.user, confirmed=False, defaults={"name": "authenticator"})
    if request.method == "POST":
        token = (request.POST.get("token") or "").strip()
        if token.isdigit() and device.verify_token(token):
            device.confirmed = True
            device.save()
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            messages.success(request, _("The second factor is on. You will be asked for a code at each login."))
            return redirect("account")
        messages.error(request, _("That code is not right. Check the time on your phone and try again."))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buf = io.BytesIO()
    image.save(buf)
    return render(request, "core/totp_setup.html", {"qr_svg": buf.getvalue().decode(), "secret_url": device.config_url})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    new_token = None
    if request.method == "POST":
        if "revoke" in request.POST:
            revoked = request.POST["revoke"].isdigit() and request.user.api_tokens.filter(pk=request.POST["revoke"]).update(revoked=True)
            if revoked:
                messages.success(request, _("The token was revoked."))
            else:
                messages.error(request, _("No such token."))
        else:
            name = (request.POST.get("name") or "").strip() or "script"
            new_token = tokens.issue(request.user, request.user, name)
    return render(request, "core/api_tokens.html", {"tokens": request.user.api_tokens.filter(revoked=False), "new_token": new_token})
