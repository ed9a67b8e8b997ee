"""Development: what `manage.py` uses when no settings are named (`make run`, the demo)."""

import os
import secrets

from .base import *  # noqa: F403

DEBUG = True
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}  # noqa: F405


def development_key(data_dir):
    """A random key made once for this checkout's data folder and kept there. Never a public
    constant: nothing signed here (an unsubscribe link, a password reset) is trusted by any
    other installation, and a production server, which requires its own SECRET_KEY, trusts
    nothing a development command signed."""
    path = data_dir / "development-secret-key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written once, readable by its owner only; a second process racing us keeps ours.
        try:
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
                f.write(secrets.token_urlsafe(50))
        except FileExistsError:
            pass
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or development_key(DATA_DIR)  # noqa: F405
