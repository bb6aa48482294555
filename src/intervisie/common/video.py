"""Video rooms behind a small provider interface.

Jitsi Meet needs nothing but a hard-to-guess room name: the link is the only key. BigBlueButton (its
API creates a meeting and signs join links) can follow as a second provider with the same two methods.
"""

import secrets
import string
from typing import Protocol

from django.conf import settings


class VideoProvider(Protocol):
    name: str

    def new_room(self) -> str:
        """A new room identifier, unguessable."""

    def join_url(self, room: str) -> str:
        """The link people open to join ``room``."""


class JitsiProvider:
    name = "jitsi"

    def new_room(self) -> str:
        # 20 characters from 36 letters and digits (about 103 bits), always the same length.
        token = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(20))
        return f"intervisiewijzer-{token}"

    def join_url(self, room: str) -> str:
        if not room:
            return ""
        return settings.VIDEO_BASE_URL.rstrip("/") + "/" + room


PROVIDERS: dict[str, VideoProvider] = {"jitsi": JitsiProvider()}


def video_provider(name: str) -> VideoProvider:
    return PROVIDERS.get(name) or PROVIDERS["jitsi"]
