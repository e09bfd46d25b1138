"""The sync protocol's wire models and constants, shared by the client and the portal.

Every response body the portal sends on ``/api/v1`` carries ``"protocol": "loket-sync"``
and the protocol version, so a client can tell a real answer from a captive-portal page
that also said 200. The models are strict enough to reject anything else.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_serializer

PROTOCOL = "loket-sync"
VERSION = 1
API_PREFIX = "/api/v1"
MAX_BATCH_EVENTS = 500            # events per push request
MAX_BODY_BYTES = 2 * 1024 * 1024  # request bodies larger than this get 413
MAX_PULL_LIMIT = 1000
DEFAULT_PULL_LIMIT = 200
MAX_HLC_DRIFT_MS = 24 * 3600 * 1000  # a remote clock further ahead is not folded into ours

MAX_EVENT_KEYS = 4                # keys sent beside one event (it names one; room for a newer app)

Status = Literal["accepted", "duplicate", "rejected"]
# A key beside a sealed event (counter_app/personal.py): its id as the payload names it (the
# bounds of counter_app.event_schemas.Ident), the key in base64 (32 bytes: 44 characters).
KeyId = Annotated[str, StringConstraints(min_length=1, max_length=200)]
KeyText = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class WireEvent(BaseModel):
    """One event exactly as stored in a device's log (see ``counter_app.events.Event``)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    device_seq: int = Field(ge=1, le=2**53)
    hlc: str = Field(pattern=r"^\d{15}-\d{5}$")
    recorded_at: str = Field(min_length=1, max_length=64)
    type: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    entity_id: str = Field(min_length=1, max_length=200)
    payload: dict[str, Any]
    actor: str = Field(min_length=1, max_length=120)
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    # Wire only, never hashed nor stored in the log: the key that opens the event's sealed
    # personal data, ``{key_id: base64}`` (counter_app/personal.py). Absent when the sender
    # does not hold it (an erased record travels without).
    keys: dict[KeyId, KeyText] | None = Field(default=None, max_length=MAX_EVENT_KEYS)

    @model_serializer(mode="wrap")
    def _without_absent_keys(self, handler):
        # "keys" only when there are some, as counter_app.events.Event.as_dict writes it
        data = handler(self)
        if isinstance(data, dict) and not data.get("keys"):
            data.pop("keys", None)
        return data


class Envelope(BaseModel):
    protocol: Literal["loket-sync"] = PROTOCOL
    version: int = VERSION


class Health(Envelope):
    status: Literal["ok"] = "ok"
    server_time: str


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[WireEvent] = Field(max_length=MAX_BATCH_EVENTS)


class PushResult(BaseModel):
    id: str
    status: Status
    reason: str | None = None
    seq: int | None = None
    # a rejected event that is only held: its chain predecessor has not reached the portal yet;
    # the client keeps it in the outbox and sends it again after the predecessor
    retry: bool = False


class Receipt(BaseModel):
    """The portal's Ed25519 countersignature of the newest event it holds of the pushing
    device (counter_app/receipts.py)."""

    site: str = Field(max_length=200)
    device_id: str = Field(max_length=64)
    device_seq: int = Field(ge=1, le=2**53)
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    signed_at: str = Field(max_length=64)
    signature: str = Field(max_length=200)
    key: str = Field(max_length=200)


class PushResponse(Envelope):
    site: str
    results: list[PushResult]
    receipt: Receipt | None = None  # None from an older portal, or before the device's first event


class PulledEvent(WireEvent):
    seq: int


class PullResponse(Envelope):
    site: str
    events: list[PulledEvent]
    next_cursor: int
    more: bool
    # From this number on the site's sequence has no holes: every number up to next_cursor is
    # in events or in left_out (stored events the portal cannot send). None: an older portal.
    gap_free_after: int | None = None
    left_out: list[int] = Field(default_factory=list)


class DeviceInfo(Envelope):
    site: str
    site_name: str
    device: str
    series: int
    server_time: str


class ErrorBody(Envelope):
    error: str
    detail: str


def error_body(error: str, detail: str) -> dict[str, Any]:
    return ErrorBody(error=error, detail=detail).model_dump()
