"""Compiled Jinja templates kept between builds, like Python's own ``__pycache__``.

Compiling templates takes longer than rendering a few hundred pages with them, and MkDocs compiles
the theme's afresh on every build. An entry is used only for the same template file, with the same
source, compiled by the same Jinja and Python under the same environment settings; anything else is
compiled again and the entry replaced. A damaged entry is compiled again too.

The folder is Jinja's own choice: one in the temporary directory that only this user may write to
(Jinja refuses any other), since what it holds is code that runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sys

import jinja2
from jinja2.bccache import Bucket


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        # The name first, readable, for whoever looks into the folder; then everything the code depends on.
        readable = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:60]
        key = f"{readable}-{self.get_cache_key(f'{_settings(environment)}|{name}', filename)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged entry (cut short, say): compile, and replace it
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        # A cache that cannot be written (a read-only or full disk) only costs the next build time.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _settings(environment: jinja2.Environment) -> str:
    """What compiled code depends on besides the source: Jinja and Python, and the syntax options."""
    autoescape = environment.autoescape
    settings = (
        jinja2.__version__,
        sys.version,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        sorted(environment.extensions),
        autoescape if isinstance(autoescape, bool) else getattr(autoescape, "__qualname__", repr(autoescape)),
    )
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()


def template_cache() -> jinja2.BytecodeCache | None:
    """The cache for any Jinja environment, or None where there is no safe folder for it."""
    try:
        return _TemplateCache()
    except (OSError, RuntimeError):
        return None
