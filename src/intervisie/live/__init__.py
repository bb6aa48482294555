"""The guided live session of a meeting: steps, timer, roles, silent writing, notes."""
