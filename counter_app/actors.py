"""Who causes an event: a staff member with a role. Every event records its actor."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("frontliner", "satellite_officer", "supervisor", "admin")


@dataclass(frozen=True)
class Actor:
    username: str
    role: str

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")


# The device itself (set-up, migrations, imports run before any account exists).
SYSTEM = Actor("system", "admin")
