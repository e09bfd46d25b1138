"""The SKM questionnaire as the paper form needs it: nine unsur, four answers each, the profile.

The questionnaire is data owned by the core (``counter_app.skm.questionnaire()``, from
``resources/skm``); the paper form and the kiosk print exactly that. Only when that data is
unavailable does the form fall back to the nine unsur of Permenpan RB 14/2017 below.
"""

from __future__ import annotations

from typing import Any

from counter_app import forms

FALLBACK_UNSUR = [
    ("U1", "Persyaratan", "kesesuaian persyaratan pelayanan dengan jenis pelayanannya",
     ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]),
    ("U2", "Sistem, mekanisme, dan prosedur", "kemudahan prosedur pelayanan di unit ini",
     ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"]),
    ("U3", "Waktu penyelesaian", "kecepatan waktu dalam memberikan pelayanan",
     ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"]),
    ("U4", "Biaya/tarif", "kewajaran biaya/tarif dalam pelayanan",
     ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]),
    ("U5", "Produk spesifikasi jenis pelayanan", "kesesuaian produk pelayanan dengan standar pelayanan",
     ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]),
    ("U6", "Kompetensi pelaksana", "kompetensi/kemampuan petugas dalam pelayanan",
     ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"]),
    ("U7", "Perilaku pelaksana", "kesopanan dan keramahan petugas",
     ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"]),
    ("U8", "Penanganan pengaduan, saran dan masukan", "penanganan pengaduan pengguna layanan",
     ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"]),
    ("U9", "Sarana dan prasarana", "kualitas sarana dan prasarana",
     ["Buruk", "Cukup", "Baik", "Sangat baik"]),
]
FALLBACK_PROFILE = {
    "age": {"label": "Usia", "unit": "tahun", "min": 10, "max": 120},
    "sex": {"label": "Jenis kelamin", "options": {"L": "Laki-laki", "P": "Perempuan"}},
    "education": {"label": "Pendidikan", "options": ["SD", "SMP", "SMA", "D1-D3", "D4/S1", "S2", "S3"]},
    "occupation": {"label": "Pekerjaan", "options": ["PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Lainnya"]},
}
INTRO = ("Pilih satu jawaban untuk setiap pertanyaan. Pertanyaan yang tidak dijawab tidak dihitung. "
         "Survei ini tanpa nama.")


def _raw() -> dict[str, Any]:
    try:
        from counter_app import skm

        return skm.questionnaire()
    except Exception:  # the module or its data file is missing: print the regulation's unsur
        return {
            "version": 0, "instructions": INTRO, "profile": FALLBACK_PROFILE,
            "unsur": [{"code": c, "name": n, "question": f"Bagaimana pendapat Saudara tentang {q}?",
                       "answers": a} for c, n, q, a in FALLBACK_UNSUR],
        }


def profile_fields(profile: dict[str, Any]) -> list[forms.FormField]:
    """The respondent profile (age, sex, education, occupation) as paper-form fields, in order."""
    fields = []
    for key, spec in profile.items():
        label = spec.get("label", key)
        if "options" in spec:
            options = spec["options"]
            pairs = tuple(options.items()) if isinstance(options, dict) else tuple((o, o) for o in options)
            fields.append(forms.FormField(key, label, forms.CHOICE, options=pairs))
        else:
            digits = len(str(spec.get("max", 99)))
            unit = spec.get("unit", "")
            fields.append(forms.FormField(key, f"{label} ({unit})" if unit else label, forms.BOXES,
                                          boxes=digits))
    return fields


def load() -> dict[str, Any]:
    """{intro, version, profile_title, profile: [FormField], unsur: [{code, name, question, answers}]}."""
    q = _raw()
    return {
        "version": q.get("version", 0),
        "intro": q.get("instructions", INTRO),
        "profile_title": "Profil Responden",
        "profile": profile_fields(q.get("profile", FALLBACK_PROFILE)),
        "unsur": [{"code": u["code"], "name": u["name"], "question": u["question"],
                   "answers": list(u["answers"])[:4]} for u in q["unsur"]],
    }
