"""The page's static files under content-hashed names, cached by browsers for a year.

At start-up every file of ``static/`` (and the generated category colours) gets a name
with a digest of its content: ``tonecheck.css`` becomes ``tonecheck.<digest>.css``. The
page links to those names only, so a new version of a file is a new address, and each
address can be cached for good (``immutable``); an old or unknown digest is 404.
Starlette's :class:`StaticFiles` serves the files (ETag, HEAD, ranges); compression is
left to the app's gzip middleware.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

PREFIX = "/static"
DIGEST_LENGTH = 12  # hex characters of SHA-256: no two versions of a file share one
IMMUTABLE = "public, max-age=31536000, immutable"


def hashed_name(name: str, content: bytes) -> str:
    """``dir/file.css`` as ``dir/file.<digest>.css``."""
    path = PurePosixPath(name)
    digest = hashlib.sha256(content).hexdigest()[:DIGEST_LENGTH]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


class HashedStaticFiles(StaticFiles):
    """The files of ``directory`` plus ``generated`` ones (name -> content), each
    under its hashed name only, with :data:`IMMUTABLE` caching."""

    def __init__(self, directory: Path, generated: Mapping[str, bytes] | None = None) -> None:
        super().__init__(directory=directory)
        self.generated = dict(generated or {})
        files = {
            path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*"))
            if path.is_file()
        }
        self.hashed = {name: hashed_name(name, content) for name, content in files.items()}
        self.hashed |= {name: hashed_name(name, body) for name, body in self.generated.items()}
        self.original = {hashed: name for name, hashed in self.hashed.items()}

    def url(self, name: str) -> str:
        """The address of the file ``name`` (as under ``static/``, or a generated one)."""
        return f"{PREFIX}/{self.hashed[name]}"

    async def get_response(self, path: str, scope: Scope) -> Response:
        name = self.original.get(Path(path).as_posix())
        if name is None:  # an old digest, an unhashed name, or no file at all
            raise HTTPException(status_code=404)
        if name in self.generated:
            if scope["method"] not in ("GET", "HEAD"):
                raise HTTPException(status_code=405, headers={"Allow": "GET, HEAD"})
            media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            response = Response(self.generated[name], media_type=media_type)
        else:
            response = await super().get_response(name, scope)
        response.headers["cache-control"] = IMMUTABLE
        return response
