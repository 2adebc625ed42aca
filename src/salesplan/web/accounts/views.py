"""Log-in with throttling, log-out, the home page and the language preference."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from salesplan.web.accounts import throttle
from salesplan.web.accounts.access import member_of


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        password = request.POST.get("password", "")
        address = _address(request)
        if throttle.blocked(username, address):
            error = _("Too many failed attempts. Try again in a few minutes.")
            status = 429
        else:
            user = authenticate(request, username=username, password=password)
            if user is None:
                throttle.record_failure(username, address)
                error = _("That user name and password do not match.")
                status = 401
            else:
                throttle.clear(username, address)
                login(request, user)
                member = user.memberships.first()
                target = request.POST.get("next", "")
                if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                    target = reverse("home")
                response = HttpResponseRedirect(target)
                if member is not None:  # the person's language preference
                    response.set_cookie(
                        "django_language", member.language, samesite="Lax", httponly=True
                    )
                return response
    return render(
        request,
        "accounts/login.html",
        {"error": error, "next": request.GET.get("next", "")},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    member = request.user.memberships.select_related("workspace").first()
    if member is None:
        return render(request, "accounts/no_workspace.html", status=403)
    return redirect("plans:list", slug=member.workspace.slug)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language and keep it as the person's preference."""
    language = request.POST.get("language", "en")
    if language not in ("en", "id"):
        language = "en"
    if request.user.is_authenticated:
        request.user.memberships.update(language=language)
    translation.activate(language)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("home")
    response = HttpResponseRedirect(target)
    response.set_cookie("django_language", language, samesite="Lax", httponly=True)
    return response


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    """Who changed what in the workspace, newest first (admins and leaders)."""
    member = member_of(request, slug, "audit.view")
    events = member.workspace.audit.select_related("user")[:500]
    return render(request, "accounts/audit.html", {"member": member, "events": events})


class ThrottledPasswordResetView(PasswordResetView):
    """Django's reset view, with at most a few mails per address and client per hour.
    Past the limit the answer looks the same, but no mail is sent."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if throttle.reset_allowed(form.cleaned_data["email"], _address(self.request)):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())
