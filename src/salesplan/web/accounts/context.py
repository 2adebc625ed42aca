"""What every page's template knows: the signed-in person's memberships."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def membership(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"memberships": []}
    return {"memberships": list(user.memberships.select_related("workspace"))}
