"""The paper forms' layout as data: ordered sections and fields with Indonesian labels.

Defined once here so the printed blank forms (``printing.pdf_forms``) and the on-screen
paper-style forms (``ui``) follow the same field order, field by field. Keys of the
registration form are the field names of :class:`counter_app.registration.RegistrationInput`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .complaints import COMPONENTS, TYPES
from .i18n import N_  # the paper is Indonesian; the catalogue gives the screen its English beside

# Field kinds: how a field is drawn on paper and which widget shows it on screen.
TEXT = "text"            # one line of handwriting / a line edit
LONG_TEXT = "long_text"  # several lines / a text box
BOXES = "boxes"          # one digit per box (``boxes`` of them), e.g. the 16-digit NIK
DATE = "date"            # DD-MM-YYYY boxes / a date edit
CHOICE = "choice"        # tick one of ``options`` (value, label)
CHECKLIST = "checklist"  # tick any: the chosen service's requirements
SIGNATURE = "signature"  # paper only: a signed name line

KINDS = (TEXT, LONG_TEXT, BOXES, DATE, CHOICE, CHECKLIST, SIGNATURE)


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    kind: str = TEXT
    required: bool = False
    boxes: int = 0
    options: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    paper_only: bool = False


@dataclass(frozen=True)
class FormSection:
    key: str
    title: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class FormLayout:
    code: str        # short code printed in the form number: REG, SKM, ADU
    title: str
    sections: tuple[FormSection, ...]

    def fields(self, *, include_paper_only: bool = True) -> list[FormField]:
        """Every field in paper order."""
        return [f for s in self.sections for f in s.fields if include_paper_only or not f.paper_only]

    def field_keys(self, *, include_paper_only: bool = True) -> list[str]:
        return [f.key for f in self.fields(include_paper_only=include_paper_only)]


REGISTRATION_FORM = FormLayout(
    code="REG",
    title=N_("FORMULIR PENDAFTARAN LAYANAN"),
    sections=(
        FormSection("layanan", N_("A. Layanan yang Dimohon"), (
            FormField("service", N_("Layanan"), CHOICE, required=True,
                      hint=N_("nama atau kode layanan")),
            FormField("ticket", N_("Nomor antrean"), TEXT, hint=N_("mis. A-012")),
        )),
        FormSection("pemohon", N_("B. Data Pemohon"), (
            FormField("name", N_("Nama lengkap"), TEXT, required=True, hint=N_("sesuai KTP-el")),
            FormField("nik", N_("NIK"), BOXES, required=True, boxes=16,
                      hint=N_("16 digit, sesuai KTP-el")),
            FormField("sex", N_("Jenis kelamin"), CHOICE,
                      options=(("L", N_("Laki-laki")), ("P", N_("Perempuan")))),
            FormField("birth_place", N_("Tempat lahir"), TEXT),
            FormField("birth_date", N_("Tanggal lahir"), DATE, hint=N_("HH-BB-TTTT")),
            FormField("address", N_("Alamat"), LONG_TEXT, hint=N_("jalan, RT/RW, desa/kelurahan")),
            FormField("phone", N_("Nomor telepon/HP"), TEXT, hint=N_("diawali 08 atau +628")),
        )),
        FormSection("persyaratan", N_("C. Persyaratan yang Diserahkan"), (
            FormField("requirements", N_("Persyaratan"), CHECKLIST,
                      hint=N_("centang dokumen yang diserahkan")),
        )),
        FormSection("pernyataan", N_("D. Pernyataan"), (
            FormField("applicant_signature", N_("Pemohon"), SIGNATURE, paper_only=True,
                      hint=N_("Data yang saya isi benar dan dapat dipertanggungjawabkan.")),
            FormField("officer_signature", N_("Petugas loket"), SIGNATURE, paper_only=True),
        )),
    ),
)

# Same keys as the complaint service, so a transcribed paper complaint maps field by field.
COMPLAINT_TYPES = tuple(TYPES.items())

COMPLAINT_FORM = FormLayout(
    code="ADU",
    title="FORMULIR PENGADUAN, KRITIK DAN SARAN",
    sections=(
        FormSection("jenis", "A. Jenis dan Layanan", (
            FormField("type", "Jenis", CHOICE, required=True, options=COMPLAINT_TYPES),
            FormField("service", "Layanan yang diadukan", TEXT),
            FormField("component", "Komponen standar pelayanan", CHOICE, options=tuple(COMPONENTS.items())),
        )),
        FormSection("pelapor", "B. Identitas Pelapor", (
            FormField("anonymous", "Tanpa nama (anonim)", CHOICE, options=(("ya", "Ya, rahasiakan identitas saya"),)),
            FormField("name", "Nama", TEXT),
            FormField("phone", "Nomor telepon/HP", TEXT),
            FormField("email", "E-mail", TEXT),
        )),
        FormSection("isi", "C. Uraian", (
            FormField("text", "Uraian pengaduan/kritik/saran", LONG_TEXT, required=True,
                      hint="apa, kapan, di mana, siapa petugasnya bila tahu; harapan Anda"),
        )),
        FormSection("tanda_tangan", "D. Tanda Tangan", (
            FormField("complainant_signature", "Pelapor", SIGNATURE, paper_only=True),
            FormField("officer_signature", "Petugas penerima", SIGNATURE, paper_only=True),
        )),
    ),
)

LAYOUTS = {"registration": REGISTRATION_FORM, "complaint": COMPLAINT_FORM}
FORM_CODES = {"registration": "REG", "skm": "SKM", "complaint": "ADU"}
