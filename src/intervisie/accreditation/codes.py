"""Verification codes as people type them: lower case, with or without dashes and spaces."""

import re

CODE_PREFIX = "IVW"
CODE_LENGTH = 12  # characters after the prefix (see models.new_certificate_code)


def code_characters(text: str) -> str:
    """The letters and digits of what was typed, in upper case, without the IVW prefix."""
    raw = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    if raw.startswith(CODE_PREFIX) and len(raw) == len(CODE_PREFIX) + CODE_LENGTH:
        raw = raw[len(CODE_PREFIX) :]
    return raw


def normalize_code(text: str) -> str | None:
    """ "ivw abcd efgh jkmn" → "IVW-ABCD-EFGH-JKMN"; None when it cannot be a code (wrong length)."""
    raw = code_characters(text)
    if len(raw) != CODE_LENGTH:
        return None
    return f"{CODE_PREFIX}-{raw[:4]}-{raw[4:8]}-{raw[8:]}"
