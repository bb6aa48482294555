"""Plain-language reasons why a composition breaks a rule (violations) or is less than ideal (warnings)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Violation:
    """One broken hard rule or one soft thing worth telling.

    ``code`` is stable for machines; ``message`` is English for people and names the fix where there
    is one; ``params`` holds every number and id used in the message, so a caller can write its own
    text (the Django side renders Dutch from ``code`` and ``params``).
    """

    code: str
    message: str
    params: dict = field(default_factory=dict, hash=False, compare=True)
    group: int | None = None  # index into the groups, when the reason is about one group
    people: tuple = ()  # participant and coach ids involved

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "params": self.params,
            "group": self.group,
            "people": list(self.people),
        }


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
