"""SKM (Survei Kepuasan Masyarakat, public satisfaction survey) and the IKM index.

The questionnaire is versioned data (``resources/skm/questionnaire-v1.json``, Permenpan RB
14/2017). The index follows the regulation with exact arithmetic: NRR per unsur = sum of
its scores / respondents who answered it; IKM = Σ NRR_i × w_i with exact weights (1/9 by
default); NIK = IKM × 25 rounded half-up to 2 decimals; grade by half-open thresholds on
NIK. ``legacy=True`` uses the printed weight 0.11 to reconcile old spreadsheets.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from .catalog import get_service
from .clock import parse_date
from .errors import NotFound, ValidationError
from .events import Event, projection_tables, projector, uuid7
from .i18n import N_, _
from .session import Session
from .site import get_setting, set_setting
from .skm_sample import parse_population, sample_for
from .users import require

projection_tables("skm_responses", keys={"skm_responses": "id"})

QUESTIONNAIRE_VERSION = 1
UNSUR = tuple(f"U{i}" for i in range(1, 10))
ENTRY_MODES = ("kiosk", "paper", "online")
LEGACY_WEIGHT = Fraction(11, 100)
# The profile questions' names as the error messages use them (the questionnaire holds the
# Indonesian labels the forms print).
PROFILE_LABELS = {"education": N_("pendidikan"), "occupation": N_("pekerjaan")}
# (lowest NIK of the band, mutu, kinerja), best first; NIK is rounded to 2 decimals first.
GRADES = (
    (Decimal("88.31"), "A", "Sangat baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang baik"),
    (Decimal("25.00"), "D", "Tidak baik"),
)


@lru_cache(maxsize=4)
def _load(version: int) -> dict[str, Any]:
    name = f"questionnaire-v{version}.json"
    try:
        text = resources.files("resources.skm").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(_("kuesioner SKM versi {version} tidak ada").format(version=version)) from None
    return json.loads(text)


def questionnaire(version: int = QUESTIONNAIRE_VERSION, lang: str = "id") -> dict[str, Any]:
    """The questionnaire (unsur, questions, four answer labels each, profile options).

    ``lang="en"`` gives the texts a visitor reads in English (the file's ``en`` block):
    codes, scores and option values stay the same, so answers are recorded identically."""
    q = copy.deepcopy(_load(version))
    english = q.pop("en", None)
    if lang != "en" or not english:
        return q
    q["title"], q["instructions"] = english["title"], english["instructions"]
    for unsur in q["unsur"]:
        unsur.update(english["unsur"][unsur["code"]])
    for key in ("age", "sex", "education", "occupation"):
        q["profile"][key]["label"] = english["profile"][key]
    q["profile"]["age"]["unit"] = english["profile"]["unit"]
    q["profile"]["sex"]["options"] = dict(english["profile"]["sex_options"])
    q["profile"]["occupation"]["labels"] = dict(english["profile"]["occupation_options"])
    q["suggestion"]["label"] = english["suggestion"]
    return q


def paper_terms(version: int = QUESTIONNAIRE_VERSION) -> dict[str, str]:
    """Indonesian term of the paper SKM form → its English, for a screen that shows both."""
    ours, theirs = questionnaire(version), questionnaire(version, "en")
    terms: dict[str, str] = {}
    for a, b in zip(ours["unsur"], theirs["unsur"], strict=True):
        terms[a["name"]] = b["name"]
        terms.update(zip(a["answers"], b["answers"], strict=True))
    for key in ("age", "sex", "education", "occupation"):
        terms[ours["profile"][key]["label"]] = theirs["profile"][key]["label"]
    terms.update({ours["profile"]["sex"]["options"][k]: v for k, v in theirs["profile"]["sex"]["options"].items()})
    terms.update(theirs["profile"]["occupation"].get("labels", {}))
    terms[ours["suggestion"]["label"]] = theirs["suggestion"]["label"]
    return terms


# ------------------------------------------------------------------ the index
def _round_half_up(value: Fraction, places: int) -> Decimal:
    scaled = math.floor(value * 10**places + Fraction(1, 2))
    return Decimal(scaled).scaleb(-places)


def grade(nik: float | Decimal | Fraction) -> tuple[str, str]:
    """(mutu, kinerja) for a converted index; the value is rounded half-up to 2 decimals."""
    value = _round_half_up(Fraction(Decimal(str(nik)) if isinstance(nik, float) else nik), 2)
    for low, mutu, kinerja in GRADES:
        if value >= low:
            return mutu, kinerja
    return GRADES[-1][1], GRADES[-1][2]  # below 25 cannot come from scores 1–4


def normalise_weights(weights: Mapping[str, Any] | None) -> dict[str, Fraction]:
    """Exact weights per unsur; ``None``/empty = 1/9 each. Given weights must sum to 1."""
    if not weights:
        return {u: Fraction(1, 9) for u in UNSUR}
    errors = []
    exact: dict[str, Fraction] = {}
    for u in UNSUR:
        raw = weights.get(u)
        try:
            w = Fraction(str(raw)) if isinstance(raw, float) else Fraction(raw)
        except (TypeError, ValueError, ZeroDivisionError):
            errors.append((f"weights.{u}", _("bobot harus angka atau pecahan, bukan {value}").format(
                value=repr(raw))))
            continue
        if w < 0:
            errors.append((f"weights.{u}", _("bobot tidak boleh negatif")))
        exact[u] = w
    unknown = sorted(set(weights) - set(UNSUR))
    if unknown:
        errors.append(("weights", _("unsur tidak dikenal: {names}").format(names=", ".join(unknown))))
    if not errors and sum(exact.values()) != 1:
        errors.append(("weights", _("jumlah bobot harus tepat 1, tertulis {total}").format(
            total=f"{float(sum(exact.values())):.6g}")))
    if errors:
        raise ValidationError.many(errors)
    return exact


def _scores_of(response: Mapping[str, Any]) -> Mapping[str, Any]:
    return response["scores"] if "scores" in response else response


def compute_ikm(
    responses: Iterable[Mapping[str, Any]], weights: Mapping[str, Any] | None = None,
    legacy: bool = False,
) -> dict[str, Any]:
    """The IKM of a set of responses, each a mapping U1..U9 -> 1..4 or None (or ``{"scores": ...}``).

    An unsur nobody answered is left out and the other weights are scaled to sum to 1
    (listed in ``unanswered_unsur``); in legacy mode every answered unsur counts 0.11.
    With no answers at all the index, NIK and grade are None.
    """
    sums = dict.fromkeys(UNSUR, 0)
    counts = dict.fromkeys(UNSUR, 0)
    respondents = 0
    for response in responses:
        scores = _scores_of(response)
        answered = False
        for u in UNSUR:
            value = scores.get(u)
            if value is None:
                continue
            if isinstance(value, bool) or value not in (1, 2, 3, 4):
                raise ValidationError(u, _("nilai harus 1–4, bukan {value}").format(value=repr(value)))
            sums[u] += value
            counts[u] += 1
            answered = True
        respondents += answered
    return ikm_from_totals(sums, counts, respondents, weights, legacy)


def ikm_from_totals(
    sums: Mapping[str, int], counts: Mapping[str, int], respondents: int,
    weights: Mapping[str, Any] | None = None, legacy: bool = False,
) -> dict[str, Any]:
    """The IKM from per-unsur answer totals (sum of the 1–4 values and number of answers),
    e.g. summed by SQL over stored responses; the same result as ``compute_ikm`` on them."""
    nrr = {u: Fraction(sums[u], counts[u]) if counts[u] else None for u in UNSUR}
    answered_unsur = [u for u in UNSUR if nrr[u] is not None]
    if legacy:
        used = {u: LEGACY_WEIGHT for u in UNSUR}
        ikm = sum((nrr[u] * LEGACY_WEIGHT for u in answered_unsur), Fraction(0)) if answered_unsur else None
    else:
        w = normalise_weights(weights)
        total = sum((w[u] for u in answered_unsur), Fraction(0))
        used = {u: (w[u] / total if u in answered_unsur else Fraction(0)) for u in UNSUR} if total else w
        ikm = sum((nrr[u] * used[u] for u in answered_unsur), Fraction(0)) if total else None
    nik = _round_half_up(ikm * 25, 2) if ikm is not None else None
    mutu, kinerja = grade(nik) if nik is not None else (None, None)
    return {
        "respondents": respondents,
        "answers": {u: counts[u] for u in UNSUR},
        "nrr": {u: (float(_round_half_up(nrr[u], 4)) if nrr[u] is not None else None) for u in UNSUR},
        "ikm": float(_round_half_up(ikm, 4)) if ikm is not None else None,
        "nik": float(nik) if nik is not None else None,
        "mutu": mutu,
        "kinerja": kinerja,
        "weights": {u: float(used[u]) for u in UNSUR},
        "legacy_weights": legacy,
        "unanswered_unsur": [u for u in UNSUR if nrr[u] is None],
    }


def site_weights(session: Session) -> dict[str, Fraction]:
    return normalise_weights(get_setting(session, "skm_weights") or None)


def set_weights(session: Session, weights: Mapping[str, Any] | None) -> dict[str, float]:
    """Configure the site's unsur weights (they must sum to 1); ``None`` restores 1/9 each."""
    require(session, "settings.manage")
    exact = normalise_weights(weights)
    set_setting(session, "skm_weights", {u: str(exact[u]) for u in UNSUR} if weights else {})
    return {u: float(w) for u, w in exact.items()}


# ------------------------------------------------------------------ recording
def parse_scores(scores: Sequence[Any] | Mapping[str, Any] | str) -> dict[str, int | None]:
    """Nine scores (list, ``U1..U9`` mapping, or "4,3,,4,..."): each 1–4, or empty for unanswered."""
    if isinstance(scores, str):
        scores = scores.split(",")
    if isinstance(scores, Mapping):
        unknown = sorted(set(scores) - set(UNSUR))
        if unknown:
            raise ValidationError("scores", _("unsur tidak dikenal: {names}").format(
                names=", ".join(map(str, unknown))))
        values = [scores.get(u) for u in UNSUR]
    else:
        values = list(scores)
        if len(values) != len(UNSUR):
            raise ValidationError("scores", _("harus 9 nilai (U1–U9), tertulis {n}").format(n=len(values)))
    clean: dict[str, int | None] = {}
    errors = []
    for u, raw in zip(UNSUR, values, strict=True):
        text = "" if raw is None else str(raw).strip()
        if text == "":
            clean[u] = None
        elif text in ("1", "2", "3", "4") and not isinstance(raw, (bool, float)):
            clean[u] = int(text)
        else:
            errors.append((u, _("nilai harus 1–4 atau kosong (tidak dijawab), bukan '{value}'").format(value=raw)))
    if errors:
        raise ValidationError.many(errors)
    if all(v is None for v in clean.values()):
        raise ValidationError("scores", _("minimal satu unsur harus dijawab"))
    return clean


def profile_option(key: str, value: str | None) -> str | None:
    """The questionnaire's option for a profile answer (``education``, ``occupation``), any case;
    an answer under an older or shorter name (``S1``, ``D3``) is its current option (``D4/S1``,
    ``D1-D3``): answers recorded before the options changed stay valid and count under it."""
    if value is None:
        return None
    spec = _load(QUESTIONNAIRE_VERSION)["profile"][key]
    wanted = str(value).strip().lower()
    for option in spec["options"]:
        if option.lower() == wanted:
            return option
    return next((o for a, o in spec.get("aliases", {}).items() if a.lower() == wanted), None)


def _profile(profile: Mapping[str, Any] | None, errors: list[tuple[str, str]]) -> dict[str, Any]:
    spec = _load(QUESTIONNAIRE_VERSION)["profile"]
    p = dict(profile or {})
    unknown = sorted(set(p) - {"age", "sex", "education", "occupation"})
    if unknown:
        errors.append(("profile", _("isian profil tidak dikenal: {names}").format(names=", ".join(unknown))))
    age = p.get("age")
    if age in ("", None):
        age = None
    else:
        try:
            age = int(str(age).strip())
        except ValueError:
            errors.append(("age", _("usia harus bilangan bulat, bukan '{value}'").format(value=age)))
            age = None
        if age is not None and not spec["age"]["min"] <= age <= spec["age"]["max"]:
            errors.append(("age", _("usia harus {low}–{high} tahun").format(
                low=spec["age"]["min"], high=spec["age"]["max"])))
    sex = (p.get("sex") or "").strip().upper() or None
    if sex is not None and sex not in spec["sex"]["options"]:
        errors.append(("sex", _("jenis kelamin harus L atau P")))
    out: dict[str, Any] = {"age": age, "sex": sex}
    for key in ("education", "occupation"):
        value = (p.get(key) or "").strip() or None
        options = spec[key]["options"]
        match = profile_option(key, value) if value else None
        if value is not None and match is None:
            errors.append((key, _("{label} harus salah satu dari {choices}").format(
                label=_(PROFILE_LABELS[key]), choices=", ".join(options))))
        out[key] = match
    return out


def record_response(
    session: Session, scores: Sequence[Any] | Mapping[str, Any] | str, *, service: str | None = None,
    registration_id: str | None = None, profile: Mapping[str, Any] | None = None,
    suggestion: str | None = None, entry_mode: str = "kiosk", paper_form_no: str | None = None,
) -> dict[str, Any]:
    """Validate and save one questionnaire; nothing is written if any field is wrong."""
    require(session, "skm.record")
    errors: list[tuple[str, str]] = []
    try:
        clean_scores = parse_scores(scores)
    except ValidationError as exc:
        errors.extend(exc.errors)
        clean_scores = {}
    service_code = None
    if service:
        try:
            service_code = get_service(session, service).code
        except NotFound as exc:
            errors.append(("service", str(exc)))
    reg = (registration_id or "").strip().upper() or None
    if reg and not session.store.one("SELECT 1 FROM registrations WHERE id = ?", (reg,)):
        errors.append(("registration", _("registrasi '{reg}' tidak ditemukan").format(reg=reg)))
    clean_profile = _profile(profile, errors)
    if entry_mode not in ENTRY_MODES:
        errors.append(("entry_mode", _("harus salah satu dari {choices}").format(choices=", ".join(ENTRY_MODES))))
    form_no = (paper_form_no or "").strip() or None
    if entry_mode == "paper" and not form_no:
        errors.append(("paper_form_no", _("nomor formulir kertas wajib diisi untuk transkripsi")))
    if form_no and entry_mode != "paper":
        errors.append(("paper_form_no", _("nomor formulir kertas hanya untuk entri 'paper'")))
    text = " ".join((suggestion or "").split()) or None
    limit = _load(QUESTIONNAIRE_VERSION)["suggestion"]["max_length"]
    if text and len(text) > limit:
        errors.append(("suggestion", _("saran terlalu panjang (maksimal {n} karakter)").format(n=limit)))
    if errors:
        raise ValidationError.many(errors)
    response_id = uuid7()
    payload = {
        "questionnaire_version": QUESTIONNAIRE_VERSION, "scores": clean_scores,
        "service": service_code, "registration_id": reg, "profile": clean_profile,
        "suggestion": text, "entry_mode": entry_mode, "paper_form_no": form_no,
        "at": session.now().isoformat(timespec="seconds"),
    }
    with session.transaction():
        if form_no and session.store.one("SELECT 1 FROM skm_responses WHERE paper_form_no = ?", (form_no,)):
            # the same paper questionnaire typed twice would count one respondent twice
            raise ValidationError("paper_form_no", _(
                "formulir {form} sudah ditranskripsi; batalkan yang lama dulu bila salah").format(form=form_no))
        session.append("skm_recorded", response_id, payload)
    return {"response_id": response_id, **payload}


@projector("skm_recorded")
def _project_response(conn, event: Event) -> None:
    """Accepts responses from any device, including the portal's online SKM."""
    p = event.payload
    scores = p.get("scores") or {}
    profile = p.get("profile") or {}
    row = conn.execute("SELECT timezone FROM site").fetchone()
    tz = ZoneInfo(row[0] if row else "Asia/Jakarta")
    day = datetime.fromisoformat(p["at"]).astimezone(tz).date().isoformat()
    conn.execute(
        "INSERT INTO skm_responses (id, questionnaire_version, u1, u2, u3, u4, u5, u6, u7, u8, u9,"
        " service_code, registration_id, age, sex, education, occupation, suggestion, entry_mode,"
        " paper_form_no, at, day, device_id, actor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (event.entity_id, p.get("questionnaire_version", 1), *(scores.get(u) for u in UNSUR),
         p.get("service"), p.get("registration_id"), profile.get("age"), profile.get("sex"),
         profile.get("education"), profile.get("occupation"), p.get("suggestion"),
         p.get("entry_mode", "online"), p.get("paper_form_no"), p["at"], day, event.device_id,
         event.actor),
    )


def void_response(session: Session, response_id: str, reason: str) -> dict[str, Any]:
    """Withdraw a wrongly entered response (e.g. a mis-transcribed paper form) from the index.

    The answer stays in the log with the reason and who withdrew it; re-enter the correct
    one with ``record_response``.
    """
    require(session, "skm.correct")
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError("reason", _("alasan pembatalan wajib diisi"))
    row = session.store.one("SELECT id, paper_form_no FROM skm_responses WHERE id = ?", ((response_id or "").strip(),))
    if row is None:
        raise NotFound(_("jawaban SKM '{response}' tidak ada (atau sudah dibatalkan)").format(response=response_id))
    with session.transaction():
        session.append("skm_voided", row["id"], {"reason": text, "paper_form_no": row["paper_form_no"],
                                                 "at": session.now().isoformat(timespec="seconds")})
    return {"response_id": row["id"], "voided": True, "reason": text}


@projector("skm_voided")
def _project_void(conn, event: Event) -> None:
    conn.execute("DELETE FROM skm_responses WHERE id = ?", (event.entity_id,))


def list_responses(
    session: Session, *, date_from: date | str | None = None, date_to: date | str | None = None,
    entry_mode: str | None = None, limit: int = 500,
) -> list[dict[str, Any]]:
    """Responses for checking transcriptions against the paper: scores, form number, who entered
    them. No profile or linked registration (answers stay anonymous)."""
    where, params = _where(date_from, date_to, None, None)
    if entry_mode:
        where += " AND r.entry_mode = ?"
        params.append(entry_mode)
    rows = session.store.query(
        "SELECT r.id, r.day, r.at, r.entry_mode, r.paper_form_no, r.service_code, r.actor, "
        + ", ".join(f"r.{u.lower()} AS {u}" for u in UNSUR)
        + f" FROM skm_responses r LEFT JOIN services s ON s.code = r.service_code{where} ORDER BY r.at, r.id LIMIT ?",
        [*params, limit],
    )
    return [{**{k: r[k] for k in ("id", "day", "at", "entry_mode", "paper_form_no", "service_code", "actor")},
             "scores": {u: r[u] for u in UNSUR}} for r in rows]


# ------------------------------------------------------------------ queries
def _where(date_from, date_to, service, agency) -> tuple[str, list[Any]]:
    sql, params = " WHERE 1=1", []
    for value, clause, field in ((date_from, " AND r.day >= ?", "from"), (date_to, " AND r.day <= ?", "to")):
        if value:
            sql += clause
            params.append((value if isinstance(value, date) else parse_date(str(value), field)).isoformat())
    if service:
        sql += " AND r.service_code = ?"
        params.append(service.strip().upper())
    if agency:
        sql += " AND s.agency = ?"
        params.append(agency.strip())
    return sql, params


def _rows(session: Session, date_from, date_to, service, agency) -> list[Any]:
    where, params = _where(date_from, date_to, service, agency)
    cols = ", ".join(f"r.{u.lower()} AS {u}" for u in UNSUR)
    return session.store.query(
        f"SELECT {cols}, r.day, r.service_code, s.agency, r.sex, r.education, r.occupation,"
        f" r.entry_mode FROM skm_responses r LEFT JOIN services s ON s.code = r.service_code{where}",
        params,
    )


def _profile_counts(rows) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for key in ("sex", "education", "occupation", "entry_mode"):
        counts: dict[str, int] = {}
        for r in rows:
            value = r[key]
            if key in ("education", "occupation") and value:
                value = profile_option(key, value) or value  # an older name counts as its option
            label = value or _("tidak diisi")
            counts[label] = counts.get(label, 0) + 1
        out[key] = dict(sorted(counts.items()))
    return out


def ikm_index(
    session: Session, *, date_from: date | str | None = None, date_to: date | str | None = None,
    service: str | None = None, agency: str | None = None, legacy_weights: bool = False,
    population: int | str | None = None,
) -> dict[str, Any]:
    """The IKM of the site (or one service / agency) over a period, with profile counts only,
    and whether its respondents are enough (``sample``) for ``population`` service users or,
    without one, for those the app recorded in the same period (``skm_sample``)."""
    if population is not None:
        population = parse_population(population)  # refused before anything is read
    rows = _rows(session, date_from, date_to, service, agency)
    result = compute_ikm([dict(r) for r in rows], site_weights(session), legacy=legacy_weights)
    result["filters"] = {
        "from": str(date_from) if date_from else None, "to": str(date_to) if date_to else None,
        "service": service.upper() if service else None, "agency": agency,
    }
    answered_days = sorted({r["day"] for r in rows})
    result["days"] = {"first": answered_days[0] if answered_days else None,
                      "last": answered_days[-1] if answered_days else None}
    result["profile"] = _profile_counts(rows)
    result["sample"] = sample_for(session, result["respondents"], population=population,
                                  date_from=date_from, date_to=date_to, service=service, agency=agency)
    return result


def ikm_breakdown(
    session: Session, by: str, *, date_from: date | str | None = None, date_to: date | str | None = None,
    legacy_weights: bool = False,
) -> list[dict[str, Any]]:
    """The IKM per service, per agency or per month (``by``), each with its respondents."""
    keys = {"service": "service_code", "agency": "agency", "month": "day"}
    if by not in keys:
        raise ValidationError("by", _("harus service, agency atau month"))
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in _rows(session, date_from, date_to, None, None):
        key = r[keys[by]] or _("(tanpa layanan)")
        groups.setdefault(key[:7] if by == "month" else key, []).append(dict(r))
    weights = site_weights(session)
    return [{by: k, **compute_ikm(v, weights, legacy=legacy_weights)} for k, v in sorted(groups.items())]
