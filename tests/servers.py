"""What the tests that start real processes (browser, production, processes) share: a free port,
and a PostgreSQL database of their own so a server never touches the test database."""

import os
import socket
from urllib.parse import urlparse, urlunparse


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def own_database_url(suffix):
    """A new, empty PostgreSQL database named after DATABASE_URL's plus `_suffix`; None on
    SQLite (the server then uses a file of its own)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    parts = urlparse(url)
    name = f"{parts.path.lstrip('/') or 'pcn'}_{suffix}"
    import psycopg

    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))
