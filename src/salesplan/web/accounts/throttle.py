"""Failed log-ins counted per user name and per address, in the cache: past the limit
within the window, log-in is refused until the window passes (brute force gets nowhere).
Password-reset requests are counted the same way, per address asked for and per
client address, so the reset mail cannot be used to flood a mailbox."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

__all__ = ["RESETS_PER_HOUR", "blocked", "clear", "record_failure", "reset_allowed"]

RESETS_PER_HOUR = 3
"""Reset mails per address asked for, and per client address, in an hour."""


def _key(counter: str, kind: str, value: str) -> str:
    """A cache key that holds no personal data (user names and addresses are hashed)."""
    return f"{counter}:{kind}:" + hashlib.sha256(value.lower().encode()).hexdigest()


def _keys(username: str, address: str) -> list[str]:
    return [_key("login-fail", "user", username), _key("login-fail", "address", address)]


def blocked(username: str, address: str) -> bool:
    """Whether this user name or this address has used up its failed attempts."""
    limit = settings.WEB.login_attempts
    return any(int(cache.get(key, 0)) >= limit for key in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.WEB.login_window)


def clear(username: str, address: str) -> None:
    """A successful log-in clears the user name's count (the address's stays)."""
    cache.delete(_keys(username, address)[0])


def reset_allowed(email: str, address: str) -> bool:
    """Count one password-reset request; False once either count passes the limit."""
    keys = [_key("reset", "email", email), _key("reset", "address", address)]
    allowed = all(int(cache.get(key, 0)) < RESETS_PER_HOUR for key in keys)
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=3600)
    return allowed
