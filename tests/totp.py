"""Authenticator app codes (RFC 6238: HMAC-SHA1, 30 seconds, 6 digits) worked out from the key
a page shows, as a phone would, independently of the code under test."""

import base64
import hashlib
import hmac
import struct
import time


def code(secret, at=None):
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"
