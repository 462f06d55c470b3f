"""The thank-you link's receipt: the request's reference code, encrypted, with the time it was made.

The link passes through access logs, proxies and browser history; a readable code there would tie a
family to a crisis (Django's signed values are only base64, readable by anyone). Encrypted with the
field encryption key under its own context, it is opaque, and it expires."""

import base64
import binascii
import time

from referrals.encryption import DecryptionError, key_ring

CONTEXT = "referrals.receipt"


def receipt_for(reference):
    sealed = key_ring().encrypt(f"{int(time.time())}:{reference}", CONTEXT)
    return base64.urlsafe_b64encode(sealed.encode()).decode().rstrip("=")


def reference_from(receipt, max_age):
    """The reference code, or None for a receipt that is altered, from another key or too old."""
    try:
        sealed = base64.urlsafe_b64decode(receipt + "=" * (-len(receipt) % 4)).decode()
        made, reference = key_ring().decrypt(sealed, CONTEXT).split(":", 1)
    except (binascii.Error, UnicodeDecodeError, ValueError, DecryptionError):
        return None
    return reference if time.time() - int(made) <= max_age else None
