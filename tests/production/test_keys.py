"""No public key signs anything: development makes a random key per checkout's data folder,
kept there, so an unsubscribe link signed by a development command is no good anywhere else."""

import subprocess
import sys

from .conftest import ROOT

PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def _key(data_dir, **env):
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT_KEY],
        env={"PATH": "/usr/bin:/bin", "PCN_DATA_DIR": str(data_dir), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_development_makes_its_own_key_once_per_data_folder(tmp_path):
    first = _key(tmp_path / "one")
    assert len(first) >= 50
    assert _key(tmp_path / "one") == first  # kept: sessions and links survive a restart
    assert _key(tmp_path / "two") != first  # another checkout's is its own
    assert (tmp_path / "one" / "development-secret-key").stat().st_mode & 0o077 == 0


def test_development_uses_the_servers_key_when_given_one(tmp_path):
    assert _key(tmp_path, SECRET_KEY="the-servers-own-key") == "the-servers-own-key"
