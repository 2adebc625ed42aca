"""The web app's settings: declared once, typed, validated at startup.

Every setting comes from an environment variable. In ``production`` mode nothing
secret has a default: a missing ``SALESPLAN_SECRET_KEY`` or ``SALESPLAN_ALLOWED_HOSTS``
stops the app at startup with a message naming the variable, the value found and
what is valid. In ``development`` mode (the default, and what ``salesplan serve`` and
``salesplan demo`` run on loopback) the secret key is generated once and kept in the
data folder.

>>> settings = WebSettings.from_environment({"SALESPLAN_DATA_DIR": "/srv/plans"})
>>> settings.mode, settings.database_url.startswith("sqlite:///"), settings.allowed_hosts
('development', True, ['127.0.0.1', 'localhost', 'testserver'])
>>> WebSettings.from_environment({"SALESPLAN_MODE": "production"})
Traceback (most recent call last):
...
salesplan.web.config.SettingsError: SALESPLAN_SECRET_KEY must be set in production mode (found nothing); use a long random string, e.g. from 'python -c "import secrets; print(secrets.token_urlsafe(50))"'
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["SETTINGS", "SettingsError", "WebSettings"]

Mode = Literal["development", "production"]


class SettingsError(Exception):
    """A setting with a value the app cannot run with."""


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, what it means and its default."""

    name: str
    help: str
    default: str | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("SALESPLAN_MODE", "development or production.", "development"),
    Setting(
        "SALESPLAN_DATA_DIR",
        "Folder of the web database (SQLite), the workspaces' CRM stores and uploads.",
        "./salesplan-data",
    ),
    Setting(
        "SALESPLAN_SECRET_KEY",
        "Django's secret key. Required in production; generated and kept in the data folder in development.",
    ),
    Setting(
        "DATABASE_URL",
        "Where the web database is: postgres://user:pass@host/db, or sqlite:///path.",
        "sqlite:///<data dir>/web.sqlite3",
    ),
    Setting(
        "SALESPLAN_ALLOWED_HOSTS",
        "Comma-separated host names the app answers to. Required in production.",
        "127.0.0.1,localhost,testserver",
    ),
    Setting(
        "SALESPLAN_LOGIN_ATTEMPTS",
        "Failed log-ins allowed per user and address in the window.",
        "5",
    ),
    Setting("SALESPLAN_LOGIN_WINDOW", "The window of failed log-ins, in seconds.", "300"),
    Setting("SALESPLAN_UPLOAD_LIMIT_MB", "The largest CRM export accepted, in megabytes.", "50"),
    Setting(
        "SALESPLAN_SMTP_HOST",
        "Mail server for password-reset mail; without one, mail is written to <data dir>/outbox.",
    ),
    Setting("SALESPLAN_MAIL_FROM", "The sender of the app's mail.", "salesplan@localhost"),
)


@dataclass(frozen=True)
class WebSettings:
    """The validated settings."""

    mode: Mode
    data_dir: Path
    secret_key: str
    database_url: str
    allowed_hosts: list[str]
    login_attempts: int
    login_window: int
    upload_limit_mb: int
    smtp_host: str = ""
    mail_from: str = "salesplan@localhost"

    @property
    def production(self) -> bool:
        return self.mode == "production"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> WebSettings:
        """Read and check every setting from *environ* (the process environment)."""
        env = os.environ if environ is None else environ
        mode = env.get("SALESPLAN_MODE", "development").strip().lower()
        if mode not in ("development", "production"):
            raise SettingsError(
                f"SALESPLAN_MODE must be development or production (found {mode!r})"
            )
        data_dir = Path(env.get("SALESPLAN_DATA_DIR", "./salesplan-data")).expanduser().absolute()
        key = env.get("SALESPLAN_SECRET_KEY", "").strip()
        hosts = [h.strip() for h in env.get("SALESPLAN_ALLOWED_HOSTS", "").split(",") if h.strip()]
        if mode == "production":
            if not key:
                raise SettingsError(
                    "SALESPLAN_SECRET_KEY must be set in production mode (found nothing); use a"
                    " long random string, e.g. from 'python -c \"import secrets;"
                    " print(secrets.token_urlsafe(50))\"'"
                )
            if len(key) < 32:
                raise SettingsError(
                    f"SALESPLAN_SECRET_KEY must be at least 32 characters (found {len(key)})"
                )
            if not hosts:
                raise SettingsError(
                    "SALESPLAN_ALLOWED_HOSTS must name the app's host names in production mode"
                    " (found nothing), e.g. plans.example.com"
                )
        if not hosts:
            hosts = ["127.0.0.1", "localhost", "testserver"]
        database = env.get("DATABASE_URL", "").strip() or f"sqlite:///{data_dir / 'web.sqlite3'}"
        if database.split(":", 1)[0] not in ("sqlite", "postgres", "postgresql"):
            raise SettingsError(
                f"DATABASE_URL must start with sqlite:// or postgres:// (found {database.split(':', 1)[0]!r})"
            )
        return cls(
            mode="production" if mode == "production" else "development",
            data_dir=data_dir,
            secret_key=key or _development_key(data_dir),
            database_url=database,
            allowed_hosts=hosts,
            login_attempts=_whole(env, "SALESPLAN_LOGIN_ATTEMPTS", 5),
            login_window=_whole(env, "SALESPLAN_LOGIN_WINDOW", 300),
            upload_limit_mb=_whole(env, "SALESPLAN_UPLOAD_LIMIT_MB", 50),
            smtp_host=env.get("SALESPLAN_SMTP_HOST", "").strip(),
            mail_from=env.get("SALESPLAN_MAIL_FROM", "").strip() or "salesplan@localhost",
        )


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number (found {text!r})") from None
    if value < 1:
        raise SettingsError(f"{name} must be at least 1 (found {value})")
    return value


def _development_key(data_dir: Path) -> str:
    """A random key kept in the data folder, so sessions survive a restart (development
    only). Nothing is written unless the folder exists (``salesplan serve`` makes it)."""
    path = data_dir / ".secret_key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    key = secrets.token_urlsafe(50)
    if not data_dir.is_dir():
        return key
    try:
        path.write_text(key, encoding="utf-8")
        path.chmod(0o600)
    except OSError:
        return key  # a read-only place: a key for this process only
    return key
