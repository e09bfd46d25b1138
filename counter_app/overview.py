"""Today at a glance: the counts shown by ``loket status`` and the status bar."""

from __future__ import annotations

from typing import Any

from .registration import OPEN_STATUSES
from .session import Session
from .site import site_info


def today_counts(session: Session) -> dict[str, Any]:
    day = session.today().isoformat()
    store = session.store
    by_status = dict(store.query("SELECT status, count(*) FROM tickets WHERE day = ? GROUP BY status", (day,)))
    placeholders = ",".join("?" * len(OPEN_STATUSES))
    return {
        "date": day,
        "tickets_issued": sum(by_status.values()),
        "tickets_waiting": by_status.get("waiting", 0),
        "tickets_serving": by_status.get("called", 0),
        "tickets_finished": by_status.get("finished", 0),
        "registrations": store.scalar("SELECT count(*) FROM registrations WHERE day = ?", (day,)),
        "applications_open": store.scalar(
            f"SELECT count(*) FROM registrations WHERE status IN ({placeholders})", OPEN_STATUSES
        ),
        "applications_overdue": store.scalar(
            f"SELECT count(*) FROM registrations WHERE deadline < ? AND status IN ({placeholders})",
            (day, *OPEN_STATUSES),
        ),
        "services": store.scalar("SELECT count(*) FROM services WHERE active = 1"),
        "pending_events": store.scalar(
            "SELECT count(*) FROM events e WHERE e.device_id = (SELECT device_id FROM device)"
            " AND NOT EXISTS (SELECT 1 FROM event_acks a WHERE a.event_id = e.id)"
        ),
    }


def status(session: Session) -> dict[str, Any]:
    info = site_info(session)
    return {
        "site": {"code": info.code, "name": info.name},
        "device": {"id": info.device_id, "code": info.device_code, "series": info.series},
        "tier": info.tier,
        "database": str(session.store.path),
        "schema_version": session.store.schema_version(),
        "today": today_counts(session),
    }
