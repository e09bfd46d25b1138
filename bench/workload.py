"""Deterministic, seeded workloads: a busy MPP day through the core, and a year cloned from it.

A busy day: 30 services in 12 agencies, 20 counters, 5,000 tickets, 3,000 registrations
(plus SKM responses and complaints when those modules are present). Tickets are issued only
while their service takes them: the bench catalogue is the demo catalogue with its MPP hours
(Mon-Fri 08.00-15.00, tickets until the 30-minute cut-off at 14.30, the Friday prayer break),
so the day runs 08.00-14.30 and every issue pays the hours check, as at a real counter. The
year is 250
working days: one day is generated through the core services, then copied day by day
with SQL (new ids, dates shifted to the next working day), which is how the database
would look after a year without spending an hour replaying it.
"""

from __future__ import annotations

import os
import random
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from counter_app import catalog, complaints, registration, skm
from counter_app import queue as q
from counter_app.calendar import WorkingCalendar
from counter_app.service_hours import open_periods
from counter_app.session import Session
from counter_app.site import init_site

TZ = "+07:00"
START_DAY = date(2026, 1, 5)
N_SERVICES = 30
N_AGENCIES = 12
N_COUNTERS = 20


@contextmanager
def fixed_clock(moment: datetime):
    old = os.environ.get("LOKET_NOW")
    os.environ["LOKET_NOW"] = moment.isoformat()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("LOKET_NOW", None)
        else:
            os.environ["LOKET_NOW"] = old


def set_clock(moment: datetime) -> None:
    os.environ["LOKET_NOW"] = moment.isoformat()


def bench_catalog() -> list[dict]:
    """30 services from 12 agencies, taken from the demo catalogue, prefixes made unique."""
    rows = catalog.demo_catalog_rows()
    agencies: list[str] = []
    for r in rows:
        if r["agency"] not in agencies:
            agencies.append(r["agency"])
    keep = set(agencies[:N_AGENCIES])
    chosen = [r for r in rows if r["agency"] in keep][:N_SERVICES]
    extra = iter(r for r in rows if r not in chosen)
    while len(chosen) < N_SERVICES:
        row = dict(next(extra))
        row["agency"] = agencies[len(chosen) % N_AGENCIES]
        chosen.append(row)
    return chosen


def new_site(path, device_code: str = "K1", series: int = 0) -> Session:
    s = Session.open(path)
    init_site(s, site_code="MPP-BENCH", site_name="MPP Bench", device_code=device_code, series=series)
    catalog.import_services(s, bench_catalog())
    return s


def ticket_windows(session: Session, day: date) -> dict[str, list[tuple[datetime, datetime]]]:
    """For each service, the periods of ``day`` in which it issues new tickets: its opening
    hours without breaks, ending at the cut-off (a service without hours: 08.00-16.00)."""
    def at(t: time) -> datetime:
        return datetime.fromisoformat(f"{day.isoformat()}T{t:%H:%M}:00{TZ}")

    windows = {}
    for service in catalog.list_services(session):
        hours = service.hours
        if hours is None:
            windows[service.code] = [(at(time(8)), at(time(16)))]
            continue
        span = hours.span(day)
        if span is None:
            continue
        cutoff = at(span[1]) - timedelta(minutes=hours.cutoff_minutes)
        windows[service.code] = [(at(a), min(at(b), cutoff)) for a, b in open_periods(hours, day.weekday())
                                 if at(a) < cutoff]
    return windows


def issue_moments(session: Session, day: date, count: int) -> list[tuple[datetime, list[str]]]:
    """``count`` instants spread evenly over the time of ``day`` in which at least one service
    issues tickets, each with the services open then (so no issue is refused as closed)."""
    windows = ticket_windows(session, day)
    edges = sorted({t for spans in windows.values() for span in spans for t in span})
    segments = [(a, b) for a, b in zip(edges, edges[1:], strict=False)
                if any(lo <= a and b <= hi for spans in windows.values() for lo, hi in spans)]
    if not segments:
        raise ValueError(f"no service issues tickets on {day.isoformat()}")
    total = sum((b - a).total_seconds() for a, b in segments)
    moments = []
    for i in range(count):
        offset = total * i / count
        for a, b in segments:
            length = (b - a).total_seconds()
            if offset < length:
                moment = a + timedelta(seconds=offset)
                break
            offset -= length
        open_now = [code for code, spans in windows.items() if any(lo <= moment < hi for lo, hi in spans)]
        moments.append((moment, open_now))
    return moments


def valid_nik(rng: random.Random, sex: str, born: date) -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"3273{rng.randint(1, 40):02d}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"


# Applicants' names as an MPP's registrations show them (seeded, so the year is the same
# every build): a few given names are very common (Muhammad, Siti, Nur, Sri: the name search
# meets doclists of a tenth of the file), most are spread, some people have one name only.
MALE_GIVEN = (("Muhammad", 14), ("Ahmad", 7), ("Agus", 4), ("Budi", 3), ("Andi", 3), ("Rizki", 3),
              ("Dedi", 2), ("Eko", 3), ("Joko", 2), ("Hendra", 2), ("Bambang", 2), ("Fajar", 2),
              ("Yusuf", 2), ("Arif", 2), ("Dimas", 2), ("I Made", 2), ("I Wayan", 2), ("I Ketut", 1),
              ("Wahyu", 2), ("Rudi", 2), ("Slamet", 1), ("Hadi", 1), ("Bayu", 2), ("Galih", 1),
              ("Teguh", 1), ("Irfan", 1), ("Yohanes", 1), ("Fransiskus", 1), ("Rahmat", 2), ("Hasan", 1))
FEMALE_GIVEN = (("Siti", 14), ("Nur", 6), ("Sri", 6), ("Dewi", 4), ("Nurul", 3), ("Putri", 3), ("Ayu", 2),
                ("Rina", 2), ("Fitri", 2), ("Indah", 2), ("Wulan", 1), ("Ratna", 2), ("Aisyah", 2),
                ("Dian", 2), ("Maya", 1), ("Ni Made", 1), ("Ni Luh", 1), ("Ni Ketut", 1), ("Yuliana", 1),
                ("Endang", 2), ("Suryani", 1), ("Lina", 1), ("Maria", 1), ("Agustina", 1), ("Rahma", 1))
FAMILY = ("Rahman", "Hidayat", "Saputra", "Pratama", "Santoso", "Wijaya", "Kurniawan", "Setiawan",
          "Nugroho", "Hakim", "Fauzi", "Ramadhan", "Lestari", "Wati", "Aminah", "Rahmawati", "Nurhaliza",
          "Handayani", "Susanti", "Wulandari", "Permata", "Anggraini", "Putra", "Hasanah", "Maulana",
          "Firmansyah", "Siregar", "Nasution", "Simanjuntak", "Harahap", "Lubis", "Sembiring", "Ginting",
          "Tanjung", "Gunawan", "Prasetyo", "Utomo", "Purnomo", "Suryadi", "Halim", "Sari", "Yanti",
          "Kusuma", "Wibowo", "Hartono", "Syahputra", "Pangaribuan", "Manurung", "Daulay", "Batubara")


def applicant_name(rng: random.Random, sex: str) -> str:
    """A plausible Indonesian name for ``sex`` ("L"/"P"), drawn with ``rng``."""
    given = MALE_GIVEN if sex == "L" else FEMALE_GIVEN
    first = rng.choices([g for g, _ in given], weights=[w for _, w in given])[0]
    roll = rng.random()
    if roll < 0.06:
        return first
    name = f"{first} {rng.choice(FAMILY)}"
    return f"{name} {rng.choice(FAMILY)}" if roll > 0.75 else name


def busy_day(session: Session, day: date, *, tickets: int = 5000, registrations: int = 3000,
             skm_responses: int = 1500, complaint_count: int = 50,
             seed: int = 7, one_transaction: bool = True) -> dict[str, int]:
    """Play one busy day through the core services; returns counts of what was done."""
    rng = random.Random(seed)
    services = [s.code for s in catalog.list_services(session)]
    moments = issue_moments(session, day, tickets)
    open_at = moments[0][0]
    span = (moments[-1][0] - open_at).total_seconds() or 1.0
    counts = {"tickets": 0, "calls": 0, "registrations": 0, "skm": 0, "complaints": 0}
    counters = [str(i + 1) for i in range(N_COUNTERS)]

    def progress(reg_id: str) -> None:
        """Most applications are handed over; a few stay in process (some of them overdue later)."""
        if rng.random() < 0.004:
            return
        for status in ("diverifikasi", "diproses", "selesai", "diserahkan"):
            registration.change_status(session, reg_id, status)

    def run() -> None:
        issued: list[dict] = []
        regs_left = registrations
        for i, (moment, open_now) in enumerate(moments):
            set_clock(moment)
            priority = "lansia" if rng.random() < 0.08 else None
            issued.append(q.issue_ticket(session, rng.choice(open_now), priority))
            counts["tickets"] += 1
            # counters work through the queue as it grows: one call/finish per new ticket
            if i >= N_COUNTERS:
                counter = counters[i % N_COUNTERS]
                active = q.active_ticket(session, counter)
                if active:
                    q.finish(session, active.number)
                called = q.call_next(session, counter)
                if called:
                    counts["calls"] += 1
                    if regs_left and rng.random() < registrations / tickets * 1.1:
                        sex = rng.choice("LP")
                        born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 20000))
                        reg = registration.register(session, registration.RegistrationInput(
                            service=called["service"], name=applicant_name(rng, sex), nik=valid_nik(rng, sex, born),
                            sex=sex, birth_date=born.isoformat(), phone=f"08123{rng.randint(100000, 999999)}",
                            ticket=called["ticket"], requirements_complete=True,
                        ))
                        progress(reg["registration_id"])
                        regs_left -= 1
                        counts["registrations"] += 1
        while regs_left:
            sex = rng.choice("LP")
            born = date(1970, 1, 1) + timedelta(days=rng.randint(0, 15000))
            reg = registration.register(session, registration.RegistrationInput(
                service=rng.choice(services), name=applicant_name(rng, sex),
                nik=valid_nik(rng, sex, born), sex=sex, requirements_complete=True,
            ))
            progress(reg["registration_id"])
            regs_left -= 1
            counts["registrations"] += 1
        close = open_at + timedelta(seconds=span)
        for i in range(skm_responses):
            set_clock(open_at + timedelta(seconds=span * i / max(skm_responses, 1)))
            scores = [rng.choice((2, 3, 3, 4, 4)) if rng.random() > 0.03 else None for _ in range(9)]
            skm.record_response(session, scores, service=rng.choice(services), entry_mode="kiosk",
                                profile={"age": rng.randint(18, 80), "sex": rng.choice("LP")})
            counts["skm"] += 1
        for i in range(complaint_count):
            set_clock(open_at + timedelta(seconds=span * i / max(complaint_count, 1)))
            filed = complaints.file_complaint(
                session, type=rng.choice(("pengaduan", "kritik", "saran", "apresiasi")), channel="counter",
                text=f"Catatan pemohon nomor {i}: antrean terlalu lama di siang hari.",
                service=rng.choice(services), anonymous=True)
            if rng.random() < 0.6:
                set_clock(close)
                complaints.respond(session, filed["tracking_number"], "Terima kasih, sudah kami tindak lanjuti.")
            counts["complaints"] += 1

    if one_transaction:
        with session.transaction():
            run()
    else:
        run()
    return counts


def working_days(start: date, count: int) -> list[date]:
    cal = WorkingCalendar()
    days, current = [], start
    while len(days) < count:
        if cal.is_working_day(current):
            days.append(current)
        current += timedelta(days=1)
    return days


def clone_day(session: Session, source: date, targets: list[date]) -> None:
    """Copy every row of ``source`` day to each target day with new ids and shifted dates.

    Events are copied too (so the log and its indexes have a year's size); their hashes
    are not recomputed, so the cloned log is for measuring, not for audit. Copied ids start
    with the target day so each day's rows land together in every index (appends, not
    inserts scattered over gigabytes).
    """
    conn = session.store.conn
    # Building the fixture is not what is measured: write it once, without the WAL copy and
    # fsyncs, then put the production settings (WAL, synchronous=FULL) back.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    conn.execute("PRAGMA journal_mode=OFF").fetchall()
    conn.execute("PRAGMA synchronous=OFF").fetchall()
    conn.execute("PRAGMA cache_size=-4000000").fetchall()  # 4 GB: the indexes' hot pages stay in memory
    conn.execute("PRAGMA temp_store=MEMORY").fetchall()
    try:
        _clone(session, source, targets)
    finally:
        conn.execute("PRAGMA cache_size=-2000").fetchall()
        conn.execute("PRAGMA journal_mode=WAL").fetchall()
        conn.execute("PRAGMA synchronous=FULL").fetchall()


def _clone(session: Session, source: date, targets: list[date]) -> None:
    conn = session.store.conn
    src = source.isoformat()
    shift = "date(substr({c}, 1, 10), :shift) || substr({c}, 11)"

    def col(c: str) -> str:
        return shift.format(c=c)

    def hlc(c: str) -> str:
        return f"printf('%015d-%s', CAST(substr({c}, 1, 15) AS INTEGER) + :ms, substr({c}, 17))"

    # The source day's rows are read once into memory: selecting them from the growing tables
    # for every target day (most of the conditions cannot use an index) made the build
    # quadratic in the number of days.
    for table, where in (("events", "substr(recorded_at, 1, 10) = :src"), ("tickets", "day = :src"),
                         ("ticket_history", "substr(at, 1, 10) = :src"), ("registrations", "day = :src"),
                         ("application_history", "substr(at, 1, 10) = :src"), ("skm_responses", "day = :src"),
                         ("complaints", "day = :src"), ("complaint_history", "substr(at, 1, 10) = :src")):
        conn.execute(f"DROP TABLE IF EXISTS temp.day_{table}")
        # rows in the order a scan gave them before (where the order is kept: seq, rowid)
        order = {"events": " ORDER BY seq", "ticket_history": " ORDER BY rowid",
                 "complaint_history": " ORDER BY rowid"}.get(table, "")
        conn.execute(f"CREATE TEMP TABLE day_{table} AS SELECT * FROM main.{table} WHERE {where}{order}",
                     {"src": src})
    next_seq = session.store.scalar("SELECT coalesce(max(device_seq), 0) FROM events")
    n_events = session.store.scalar("SELECT count(*) FROM temp.day_events")
    for k, target in enumerate(targets, start=1):
        tag = f"{target:%y%m%d}"
        days = (target - source).days
        params = {"src": src, "srctag": f"{source:%y%m%d}", "shift": f"+{days} days", "tag": tag, "ms": days * 86_400_000,
                  "base": next_seq + (k - 1) * n_events}
        with session.transaction():
            conn.execute(
                "INSERT INTO events (id, device_id, device_seq, hlc, recorded_at, type, entity_id, payload,"
                " actor, prev_hash, hash) SELECT :tag || '-' || id, device_id,"
                " :base + row_number() OVER (ORDER BY seq), " + hlc("hlc") + ", "
                + col("recorded_at") + ", type, :tag || '-' || entity_id, payload, actor, prev_hash, hash"
                " FROM temp.day_events ORDER BY seq", params)
            conn.execute(
                "INSERT INTO tickets SELECT :tag || '-' || id, date(day, :shift), number, prefix, series, seq_no,"
                " service_code, priority, status, " + ", ".join(col(c) for c in ("issued_at", "queued_at")) +
                ", CASE WHEN first_called_at IS NULL THEN NULL ELSE " + col("first_called_at") + " END,"
                " CASE WHEN called_at IS NULL THEN NULL ELSE " + col("called_at") + " END, counter, call_count,"
                " reason, " + col("status_at") + ", CASE WHEN finished_at IS NULL THEN NULL ELSE "
                + col("finished_at") + " END, transferred_from, transfer_count, device_id"
                " FROM temp.day_tickets", params)
            conn.execute(
                "INSERT INTO ticket_history SELECT :tag || '-' || event_id, :tag || '-' || ticket_id, action,"
                " counter, service_code, " + col("at") + ", reason, actor FROM temp.day_ticket_history h"
                " ORDER BY rowid", params)
            conn.execute(
                "INSERT INTO registrations SELECT replace(id, '-' || :srctag || '-',"
                " '-' || :tag || '-'), date(day, :shift), seq_no, service_code, service_version, name, nik, sex,"
                " birth_place, birth_date, address, phone, channel, entry_mode, paper_form_no, paper_date,"
                " booking_code, CASE WHEN ticket_id IS NULL THEN NULL ELSE :tag || '-' || ticket_id END,"
                " requirements, date(requirements_complete_on, :shift), days, week, date(deadline, :shift), status,"
                " " + col("status_at") + ", " + hlc("status_hlc") + ", " + col("created_at") + ", created_by, device_id,"
                " NULL FROM temp.day_registrations", params)  # deadline_estimated
            conn.execute(
                "INSERT INTO application_history SELECT :tag || '-' || event_id, replace(registration_id,"
                " '-' || :srctag || '-', '-' || :tag || '-'), from_status, to_status, "
                + col("at") + ", " + hlc("hlc") + ", actor, note FROM temp.day_application_history"
                " ORDER BY rowid", params)
            conn.execute(
                "INSERT INTO skm_responses SELECT :tag || '-' || id, questionnaire_version, u1, u2, u3, u4, u5,"
                " u6, u7, u8, u9, service_code, registration_id, age, sex, education, occupation, suggestion,"
                " entry_mode, paper_form_no, " + col("at") + ", date(day, :shift), device_id, actor"
                " FROM temp.day_skm_responses", params)
            tn = "replace(tracking_number, '-' || :srctag || '-', '-' || :tag || '-')"
            conn.execute(
                f"INSERT INTO complaints SELECT {tn}, date(day, :shift), seq_no, type, channel, anonymous, name,"
                " phone, email, service_code, component, text, stage, lapor_ref, status, date(deadline, :shift), "
                + col("filed_at") + ", " + col("status_at") + ", " + hlc("status_hlc") + ", created_by, device_id"
                " FROM temp.day_complaints", params)
            conn.execute(
                f"INSERT INTO complaint_history SELECT :tag || '-' || event_id, {tn}, action, status, text, "
                + col("at") + ", " + hlc("hlc") + ", actor FROM temp.day_complaint_history"
                " ORDER BY rowid", params)
        conn.execute(
            "UPDATE chain_heads SET device_seq = (SELECT max(device_seq) FROM events e"
            " WHERE e.device_id = chain_heads.device_id), hlc = (SELECT max(hlc) FROM events e"
            " WHERE e.device_id = chain_heads.device_id)")
