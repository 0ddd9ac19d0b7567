"""Replace customer and staff ids with keyed hashes (HMAC-SHA256).

A member number or phone-based card number identifies a person to anyone with the store's
system. The course only needs to know which receipts belong to the same customer, so each
id becomes ``HMAC-SHA256(key, kind + ":" + id)``: the same customer gets the same new id on
every import made with the same key, and without the key nobody can go back. Member
numbers are short and guessable, so the hash is only safe while the key is secret: it lives
outside the output folder, owner-only, and is never written into it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from storecrm.errors import CommandError

__all__ = ["KEY_ENV", "Pseudonymiser", "default_key_path", "load_or_create_key"]

#: Environment variable naming the key file when ``--key`` is not given.
KEY_ENV = "STORECRM_IMPORT_KEY"
_PREFIX = {"customer": "C", "staff": "E"}


def default_key_path() -> Path:
    """``$STORECRM_IMPORT_KEY``, else ``~/.config/storecrm/import.key``."""
    env = os.environ.get(KEY_ENV)
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "storecrm" / "import.key"


def load_or_create_key(path: Path, out_dir: Path) -> tuple[bytes, bool]:
    """Read the key at ``path``, or create it (32 random bytes, mode 0600) if it is missing.

    Returns the key and whether it was created. Refuses a key inside ``out_dir``: the output
    is what gets shared, and a key beside the data would undo the pseudonymisation.
    """
    path = path.expanduser().resolve()
    out = out_dir.expanduser().resolve()
    if path == out or out in path.parents:
        raise CommandError(
            f"the key file {path} is inside the output folder {out}",
            hint="keep the key elsewhere: pass --key with a path outside the output folder",
        )
    if path.is_dir():
        raise CommandError(f"the key path {path} is a folder", hint="give a file path to --key")
    if path.exists():
        key = path.read_bytes().strip()
        if len(key) < 32:
            raise CommandError(
                f"the key file {path} holds {len(key)} bytes, fewer than 32",
                hint="use the key file made by the first import, or delete it to start afresh "
                "(new ids will not match old ones)",
            )
        return key, False
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_hex(32).encode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, key + b"\n")
    finally:
        os.close(fd)
    return key, True


class Pseudonymiser:
    """Map ids to keyed hashes; ``kind`` keeps customer and staff ids from colliding."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, value: str, kind: str = "customer") -> str:
        """The pseudonym of ``value``; an empty id stays empty (a walk-in shopper)."""
        value = value.strip()
        if not value:
            return ""
        digest = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
        return _PREFIX[kind] + digest[:16]
