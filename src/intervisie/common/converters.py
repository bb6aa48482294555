"""Path converters for the secret and coded parts of URLs.

Django's ``<str:…>`` takes anything but a slash, NUL bytes and control characters included; such a
value reaches the database, and PostgreSQL refuses a NUL in a text parameter with an error (a 500),
where SQLite quietly finds nothing. These converters accept only what we ever hand out, so a
malformed value never reaches a view: the URL does not match and the visitor gets a 404.

Importing this module registers them (once, because Python imports a module once); every urls.py
that uses one imports it.
"""

from django.urls import register_converter


class SecretTokenConverter:
    """A secret link token from ``secrets.token_urlsafe(32)`` (43 characters of A-Z, a-z, 0-9, - and _).

    Up to 64 characters: the width of the token columns.
    """

    regex = r"[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CertificateCodeConverter:
    """A certificate's verification code as we write it: IVW-ABCD-EFGH-JKMN (letters, digits, dashes).

    Typed variants (lower case, spaces) go through the public check at /verifieer/, which reads them
    itself; this converter is for links we generate.
    """

    regex = r"[A-Za-z0-9-]{1,32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SignedValueConverter:
    """A value from ``django.core.signing.dumps`` (URL-safe base64, with ``:`` between its parts and a
    leading ``.`` when compressed). The signature is checked by the view; this only keeps other
    characters (NUL bytes, control characters) out."""

    regex = r"[A-Za-z0-9_:.-]{1,200}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SecretTokenConverter, "token")
register_converter(SignedValueConverter, "signed")
register_converter(CertificateCodeConverter, "certcode")
