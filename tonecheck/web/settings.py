"""The service's settings, from environment variables (so every worker process of
``tonecheck serve --workers N`` reads the same ones)."""

from __future__ import annotations

import enum
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.errors import TonecheckError

MEGABYTE = 1024 * 1024
SECRET_MIN_LENGTH = 16
# a letter longer than this (characters) is checked in the lane for long letters, so
# that ordinary letters never wait behind it (tonecheck.web.service); about 8 pages
LARGE_LETTER_CHARS = 20_000


class SettingsError(TonecheckError):
    """A setting that cannot be used."""


class PageAccess(enum.StrEnum):
    """Who may use the page (its form, its check and download); see tonecheck.web.access."""

    OPEN = "open"  # whoever reaches the port: the intranet's sign-on proxy guards it
    TOKEN = "token"  # whoever knows the API token (signed in once, or as a bearer token)
    HEADER = "header"  # requests that carry the header the sign-on proxy sets


# a header name as HTTP allows it (RFC 9110 token)
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


@dataclass(frozen=True)
class WebSettings:
    max_upload_bytes: int = 10 * MEGABYTE
    request_timeout: float = 30.0  # seconds for one check, queueing included
    large_letter_chars: int = LARGE_LETTER_CHARS
    token: str | None = None  # bearer token for /api/...; None: no authentication
    cors_origins: tuple[str, ...] = ()  # no CORS unless the operator names origins
    model: str | None = None
    config: Path | None = None
    rules: tuple[Path, ...] = ()
    page_access: PageAccess = PageAccess.OPEN
    page_header: str | None = None  # for PageAccess.HEADER: the sign-on proxy's header
    # signs the page's form tokens; worker processes must share it (tonecheck serve
    # makes one for all its workers), a new one makes the open pages' forms expire
    form_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "page_access", PageAccess(self.page_access))  # also a str
        if self.page_access is PageAccess.TOKEN and not self.token:
            raise SettingsError(
                "de pagina achter het API-token zetten kan alleen met een token "
                "(--token-file, TONECHECK_API_TOKEN of TONECHECK_API_TOKEN_FILE)"
            )
        if self.page_access is PageAccess.HEADER and not self.page_header:
            raise SettingsError(
                "de pagina achter een header zetten kan alleen met de naam van die header "
                "(--page-header of TONECHECK_PAGE_HEADER)"
            )
        if self.page_header and self.page_access is not PageAccess.HEADER:
            raise SettingsError(
                "--page-header (TONECHECK_PAGE_HEADER) geldt alleen bij --page-access header"
            )
        if self.page_header and not HEADER_NAME.fullmatch(self.page_header):
            raise SettingsError(f"'{self.page_header}' is geen geldige naam voor een header")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> WebSettings:
        """TONECHECK_MAX_UPLOAD_MB, TONECHECK_REQUEST_TIMEOUT,
        TONECHECK_LARGE_LETTER_CHARS, TONECHECK_API_TOKEN or
        TONECHECK_API_TOKEN_FILE, TONECHECK_CORS_ORIGINS (comma-separated),
        TONECHECK_MODEL, TONECHECK_CONFIG, TONECHECK_RULES (os.pathsep-separated),
        TONECHECK_FORM_SECRET (else a random one for this process), TONECHECK_PAGE_ACCESS
        (open, token or header) and TONECHECK_PAGE_HEADER."""
        secret = _secret(environ, "TONECHECK_FORM_SECRET")
        return cls(
            max_upload_bytes=int(_number(environ, "TONECHECK_MAX_UPLOAD_MB", 10) * MEGABYTE),
            request_timeout=_number(environ, "TONECHECK_REQUEST_TIMEOUT", 30.0),
            large_letter_chars=int(
                _number(environ, "TONECHECK_LARGE_LETTER_CHARS", LARGE_LETTER_CHARS)
            ),
            token=_token(environ),
            cors_origins=tuple(
                o.strip() for o in environ.get("TONECHECK_CORS_ORIGINS", "").split(",") if o.strip()
            ),
            model=environ.get("TONECHECK_MODEL") or None,
            config=Path(environ["TONECHECK_CONFIG"]) if environ.get("TONECHECK_CONFIG") else None,
            rules=tuple(Path(p) for p in environ.get("TONECHECK_RULES", "").split(os.pathsep) if p),
            form_secret=secret.encode() if secret else secrets.token_bytes(32),
            page_access=_page_access(environ),
            page_header=environ.get("TONECHECK_PAGE_HEADER", "").strip() or None,
        )


def _number(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} moet een getal zijn, niet '{raw}'") from None
    if value <= 0:
        raise SettingsError(f"{name} moet groter dan 0 zijn")
    return value


def _page_access(environ: Mapping[str, str]) -> PageAccess:
    raw = environ.get("TONECHECK_PAGE_ACCESS", "").strip().lower() or PageAccess.OPEN
    try:
        return PageAccess(raw)
    except ValueError:
        choices = ", ".join(access.value for access in PageAccess)
        raise SettingsError(
            f"TONECHECK_PAGE_ACCESS moet een van {choices} zijn, niet '{raw}'"
        ) from None


def _token(environ: Mapping[str, str]) -> str | None:
    """The API token from TONECHECK_API_TOKEN or the file TONECHECK_API_TOKEN_FILE names
    (never from the command line, where other users of the machine could see it)."""
    token = environ.get("TONECHECK_API_TOKEN")
    path = environ.get("TONECHECK_API_TOKEN_FILE")
    if path:
        try:
            token = Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise SettingsError(
                f"kan het tokenbestand niet lezen ({error.strerror})", path
            ) from None
        if not token:
            raise SettingsError("het tokenbestand is leeg", path)
    if token is not None and len(token) < SECRET_MIN_LENGTH:
        raise SettingsError(f"het API-token moet minstens {SECRET_MIN_LENGTH} tekens lang zijn")
    return token or None


def _secret(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name) or None
    if value is not None and len(value) < SECRET_MIN_LENGTH:
        raise SettingsError(f"{name} moet minstens {SECRET_MIN_LENGTH} tekens lang zijn")
    return value
