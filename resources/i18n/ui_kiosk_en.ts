<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CalendarPage</name>
    <message>
        <location filename="../../ui/pages/calendar.py" line="68"/>
        <source>Kalender hari kerja</source>
        <translation>Working-day calendar</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="70"/>
        <source>Hari libur dan penutupan menggeser batas waktu layanan menurut hukum: perubahan di sini tercatat atas nama Anda dan berlaku di semua perangkat lokasi.</source>
        <translation>Holidays and closures move the legal service deadlines: a change here is recorded in your name and applies on every device of the site.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="74"/>
        <location filename="../../ui/pages/calendar.py" line="92"/>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="74"/>
        <source>Libur nasional (perkiraan)</source>
        <translation>National holiday (estimated)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="75"/>
        <source>Tetapkan sebagai hari libur  [Ctrl+H]</source>
        <translation>Confirm as a holiday  [Ctrl+H]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="78"/>
        <source>Tetapkan sebagai hari kerja  [Ctrl+K]</source>
        <translation>Confirm as a working day  [Ctrl+K]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="83"/>
        <source>Libur perkiraan yang belum dikonfirmasi</source>
        <translation>Estimated holidays not yet confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="92"/>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="99"/>
        <source>alasan, mis. kerja bakti gedung</source>
        <translation>reason, e.g. building clean-up day</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="100"/>
        <source>Tutup lokasi pada tanggal ini</source>
        <translation>Close the site on this date</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="104"/>
        <source>Buka kembali tanggal terpilih</source>
        <translation>Reopen the chosen date</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="107"/>
        <source>Penutupan lokasi</source>
        <translation>Site closures</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="180"/>
        <source>Pilih dulu tanggal libur perkiraan di daftar.</source>
        <translation>First choose an estimated holiday in the list.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="186"/>
        <source>%1 dikonfirmasi; %2 batas waktu dihitung ulang.</source>
        <translation>%1 confirmed; %2 deadlines recomputed.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="196"/>
        <source>Lokasi tutup pada %1.</source>
        <translation>The site is closed on %1.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="201"/>
        <source>Pilih dulu tanggal penutupan di daftar.</source>
        <translation>First choose a closure in the list.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/calendar.py" line="207"/>
        <source>%1 dibuka kembali.</source>
        <translation>%1 reopened.</translation>
    </message>
</context>
<context>
    <name>CallDisplayPage</name>
    <message>
        <location filename="../../ui/pages/call_display.py" line="39"/>
        <source>Tampilkan layar panggilan</source>
        <translation>Show call display</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="41"/>
        <source>Tutup layar panggilan</source>
        <translation>Close call display</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="43"/>
        <source>Umumkan panggilan dengan suara</source>
        <translation>Announce calls aloud</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="50"/>
        <source>Tes pengumuman</source>
        <translation>Test announcement</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="58"/>
        <source>Layar dan suara</source>
        <translation>Screen and sound</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="60"/>
        <source>Layar</source>
        <translation>Screen</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="64"/>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="66"/>
        <source>Keluaran suara</source>
        <translation>Sound output</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="67"/>
        <source>Sedang diumumkan</source>
        <translation>Announcing</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="70"/>
        <source>Pratinjau layar panggilan</source>
        <translation>Call display preview</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="142"/>
        <source> (layar utama)</source>
        <translation> (main screen)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="149"/>
        <source>pengeras suara perangkat ini</source>
        <translation>this computer&apos;s speakers</translation>
    </message>
    <message>
        <location filename="../../ui/pages/call_display.py" line="151"/>
        <source>tidak ada perangkat suara: panggilan hanya tampil di layar</source>
        <translation>no audio device: calls are only shown on screen</translation>
    </message>
</context>
<context>
    <name>CallDisplayView</name>
    <message>
        <source>NOMOR ANTREAN</source>
        <translation type="vanished">QUEUE NUMBER</translation>
    </message>
    <message>
        <source>SEDANG DILAYANI</source>
        <translation type="vanished">NOW SERVING</translation>
    </message>
    <message>
        <source>Panggilan terakhir</source>
        <translation type="vanished">Last calls</translation>
    </message>
    <message>
        <source>Loket %1</source>
        <translation type="vanished">Counter %1</translation>
    </message>
    <message>
        <source>Belum ada loket yang melayani</source>
        <translation type="vanished">No counter is serving yet</translation>
    </message>
    <message>
        <source>Silakan menunggu nomor Anda dipanggil</source>
        <translation type="vanished">Please wait until your number is called</translation>
    </message>
    <message>
        <source>Siapkan dokumen Anda dan perhatikan nomor yang dipanggil</source>
        <translation type="vanished">Have your documents ready and watch for your number</translation>
    </message>
</context>
<context>
    <name>CallDisplayWindow</name>
    <message>
        <source>Layar Panggilan Antrean</source>
        <translation type="vanished">Queue Call Display</translation>
    </message>
</context>
<context>
    <name>ComplaintsPage</name>
    <message>
        <location filename="../../ui/pages/complaints.py" line="42"/>
        <source>dicatat</source>
        <translation>filed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="43"/>
        <source>ditanggapi</source>
        <translation>responded</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="44"/>
        <source>diteruskan</source>
        <translation>forwarded</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="45"/>
        <source>ditutup</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="57"/>
        <source>Daftar pengaduan</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="58"/>
        <source>Catat pengaduan baru</source>
        <translation>File a new complaint</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="77"/>
        <source>Semua status</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="80"/>
        <source>Hanya yang lewat batas jawab</source>
        <translation>Only those past the response deadline</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="82"/>
        <source>cari nomor lacak</source>
        <translation>search tracking number</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="90"/>
        <source>Nomor lacak</source>
        <translation>Tracking number</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="90"/>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="90"/>
        <location filename="../../ui/pages/complaints.py" line="336"/>
        <source>Jenis</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="91"/>
        <location filename="../../ui/pages/complaints.py" line="213"/>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="91"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="91"/>
        <source>SP4N-LAPOR!</source>
        <translation>SP4N-LAPOR!</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="92"/>
        <location filename="../../ui/pages/complaints.py" line="213"/>
        <source>Batas jawab</source>
        <translation>Response due</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="114"/>
        <source>tanggapan kepada pelapor</source>
        <translation>response to the complainant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="116"/>
        <source>Tanggapan akhir (pengaduan selesai)</source>
        <translation>Final response (complaint resolved)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="117"/>
        <source>Kirim tanggapan</source>
        <translation>Send response</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="120"/>
        <source>nomor referensi SP4N-LAPOR!</source>
        <translation>SP4N-LAPOR! reference number</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="121"/>
        <source>Teruskan ke SP4N-LAPOR!</source>
        <translation>Forward to SP4N-LAPOR!</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="124"/>
        <source>alasan penutupan (wajib bila belum selesai)</source>
        <translation>reason for closing (required if not resolved)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="125"/>
        <source>Tutup pengaduan</source>
        <translation>Close complaint</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="127"/>
        <source>Cetak tanda terima pelapor</source>
        <translation>Print complainant&apos;s slip</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="134"/>
        <source>Tindak lanjut</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="209"/>
        <source>Pilih pengaduan di daftar untuk melihat rinciannya.</source>
        <translation>Select a complaint in the list to see its details.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="212"/>
        <source>lewat batas</source>
        <translation>overdue</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="212"/>
        <source>status</source>
        <translation>status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="212"/>
        <source>Pelapor</source>
        <translation>Complainant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="213"/>
        <source>Komponen</source>
        <translation>Component</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="214"/>
        <source>Riwayat</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="215"/>
        <source>Anonim</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="255"/>
        <source>Pengaduan %1: %2</source>
        <translation>Complaint %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="281"/>
        <source>Mencetak tanda terima pengaduan %1 …</source>
        <translation>Printing complaint slip %1 …</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="302"/>
        <location filename="../../ui/pages/complaints.py" line="306"/>
        <source>(tidak tertentu)</source>
        <translation>(not specified)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="309"/>
        <source>Ya, rahasiakan identitas saya</source>
        <translation>Yes, keep my identity confidential</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="316"/>
        <source>apa, kapan, di mana, siapa petugasnya bila tahu</source>
        <translation>what, when, where, which officer if known</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="317"/>
        <source>Simpan dan cetak tanda terima</source>
        <translation>Save and print slip</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="336"/>
        <source>A. Jenis dan layanan</source>
        <translation>A. Type and service</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="337"/>
        <source>Diterima melalui</source>
        <translation>Received via</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="338"/>
        <source>Layanan yang diadukan</source>
        <translation>Service concerned</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="339"/>
        <source>Komponen standar pelayanan</source>
        <translation>Service standard component</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="340"/>
        <source>B. Identitas pelapor</source>
        <translation>B. Complainant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="340"/>
        <source>Tanpa nama (anonim)</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="341"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="342"/>
        <source>Nomor telepon/HP</source>
        <translation>Phone/mobile number</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="343"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="344"/>
        <source>C. Uraian</source>
        <translation>C. Description</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="344"/>
        <source>Uraian pengaduan/kritik/saran</source>
        <translation>Complaint/criticism/suggestion</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="384"/>
        <source>Pengaduan belum tersimpan: periksa isian yang ditandai merah.</source>
        <translation>Complaint not saved: check the fields marked in red.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="398"/>
        <source>Pengaduan tercatat dengan nomor lacak %1. Mencetak tanda terima …</source>
        <translation>Complaint filed with tracking number %1. Printing the slip …</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="264"/>
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="278"/>
        <source>Ekspor rekap harian:</source>
        <translation>Export daily summary:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="287"/>
        <source>Laporan bulan ini (PDF)  [Ctrl+Shift+M]</source>
        <translation>This month&apos;s report (PDF)  [Ctrl+Shift+M]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="292"/>
        <source>Laporan periode:</source>
        <translation>Period report:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="296"/>
        <source>Folder …</source>
        <translation>Folder …</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="304"/>
        <source>Tiket diambil</source>
        <translation>Tickets issued</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="304"/>
        <location filename="../../ui/pages/dashboard.py" line="319"/>
        <location filename="../../ui/pages/dashboard.py" line="322"/>
        <location filename="../../ui/pages/dashboard.py" line="452"/>
        <location filename="../../ui/pages/dashboard.py" line="456"/>
        <source>Dilayani</source>
        <translation>Served</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="305"/>
        <source>Masih antre / dilayani</source>
        <translation>Still waiting / being served</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="305"/>
        <source>Rata-rata waktu tunggu</source>
        <translation>Average waiting time</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="306"/>
        <source>Rata-rata waktu layanan</source>
        <translation>Average service time</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="306"/>
        <location filename="../../ui/pages/dashboard.py" line="427"/>
        <source>Registrasi hari ini</source>
        <translation>Registrations today</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="307"/>
        <location filename="../../ui/pages/dashboard.py" line="352"/>
        <source>Permohonan lewat batas</source>
        <translation>Overdue applications</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="307"/>
        <location filename="../../ui/pages/dashboard.py" line="429"/>
        <source>Pengaduan hari ini</source>
        <translation>Complaints today</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="308"/>
        <source>IKM (nilai konversi)</source>
        <translation>IKM (converted)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="313"/>
        <source>Tiket per layanan</source>
        <translation>Tickets by service</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="314"/>
        <source>Tiket per loket</source>
        <translation>Tickets by counter</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="319"/>
        <location filename="../../ui/pages/dashboard.py" line="324"/>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="319"/>
        <location filename="../../ui/pages/dashboard.py" line="451"/>
        <source>Diambil</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="320"/>
        <location filename="../../ui/pages/dashboard.py" line="323"/>
        <source>Tidak hadir</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="320"/>
        <source>Tunggu rata-rata</source>
        <translation>Average wait</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="321"/>
        <location filename="../../ui/pages/dashboard.py" line="323"/>
        <source>Layanan rata-rata</source>
        <translation>Average service</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="322"/>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="322"/>
        <location filename="../../ui/pages/dashboard.py" line="455"/>
        <source>Dipanggil</source>
        <translation>Called</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="324"/>
        <source>No. registrasi</source>
        <translation>Registration no.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="325"/>
        <source>Pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="325"/>
        <source>Batas</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="326"/>
        <source>Terlambat (hari kerja)</source>
        <translation>Late (working days)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="326"/>
        <source>Status hukum</source>
        <translation>Legal status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="327"/>
        <source>Nomor lacak</source>
        <translation>Tracking number</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="327"/>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="328"/>
        <source>Batas jawab</source>
        <translation>Response due</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="328"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="329"/>
        <source>Unsur</source>
        <translation>Element</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="329"/>
        <source>Responden</source>
        <translation>Respondents</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="329"/>
        <source>NRR</source>
        <translation>NRR</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="329"/>
        <source>Bobot</source>
        <translation>Weight</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="333"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="333"/>
        <source>Konflik</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="333"/>
        <source>Tentang</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="334"/>
        <source>Oleh</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="334"/>
        <source>Yang berlaku</source>
        <translation>What stands</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="338"/>
        <source>Tandai selesai …</source>
        <translation>Mark settled …</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="346"/>
        <source>Konflik diputuskan aturan yang sama di semua perangkat; tandai selesai setelah ditindaklanjuti.</source>
        <translation>Every device decides a conflict by the same rule; mark it settled once it has been followed up.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="351"/>
        <source>Per layanan</source>
        <translation>By service</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="351"/>
        <source>Per loket</source>
        <translation>By counter</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="353"/>
        <source>Pengaduan lewat batas</source>
        <translation>Overdue complaints</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="354"/>
        <source>SKM per unsur</source>
        <translation>SKM by element</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="356"/>
        <location filename="../../ui/pages/dashboard.py" line="488"/>
        <source>Konflik antarperangkat</source>
        <translation>Conflicts between devices</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="387"/>
        <source>memuat …</source>
        <translation>loading …</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="410"/>
        <source>diperbarui %1</source>
        <translation>updated %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="413"/>
        <source>tidak hadir %1</source>
        <translation>%1 no-show</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="416"/>
        <location filename="../../ui/pages/dashboard.py" line="418"/>
        <source>maks. %1</source>
        <translation>max. %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="421"/>
        <source>dianggap disetujui; %1 segera jatuh tempo</source>
        <translation>deemed approved; %1 due soon</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="427"/>
        <source>Registrasi %1</source>
        <translation>Registrations %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="429"/>
        <source>Pengaduan %1</source>
        <translation>Complaints %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="433"/>
        <source>%1 langsung · %2 dari kertas</source>
        <translation>%1 direct · %2 from paper</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="437"/>
        <source>lewat batas %1</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="440"/>
        <source>belum ada responden</source>
        <translation>no respondents yet</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="581"/>
        <source>Menyimpan laporan bulan …</source>
        <translation>Saving the month&apos;s report …</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="588"/>
        <source>Laporan bulan tersimpan: %1</source>
        <translation>Month&apos;s report saved: %1</translation>
    </message>
    <message>
        <source>%1 responden</source>
        <translation type="vanished">%1 respondents</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="444"/>
        <source>sampel cukup</source>
        <translation>sample large enough</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="444"/>
        <source>kurang %1 lagi (min. %2)</source>
        <translation>%1 more needed (min. %2)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="496"/>
        <source>loket %1</source>
        <translation>counter %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="501"/>
        <source>Pilih dulu konflik yang sudah ditindaklanjuti.</source>
        <translation>First select the conflict that has been followed up.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="503"/>
        <source>Tandai konflik selesai</source>
        <translation>Mark conflict settled</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="504"/>
        <source>Apa yang dilakukan (mis. pemohon dilayani di loket 2):</source>
        <translation>What was done (e.g. applicant served at counter 2):</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="513"/>
        <source>Konflik ditandai selesai.</source>
        <translation>Conflict marked settled.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="548"/>
        <source>Folder ekspor laporan</source>
        <translation>Report export folder</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="559"/>
        <source>Rekap masih dimuat; coba sebentar lagi.</source>
        <translation>The summary is still loading; try again in a moment.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="565"/>
        <source>Menyimpan %1 …</source>
        <translation>Saving %1 …</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="573"/>
        <source>Rekap harian tersimpan: %1</source>
        <translation>Daily summary saved: %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="266"/>
        <source>Tandatangani berita acara …  [Ctrl+Shift+S]</source>
        <translation>Sign off the day&apos;s report …  [Ctrl+Shift+S]</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/dashboard.py" line="441"/>
        <source>%n responden</source>
        <translation>
            <numerusform>%n respondent</numerusform>
            <numerusform>%n respondents</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="534"/>
        <source>Berita acara %1 ditandatangani oleh %2.</source>
        <translation>Day report of %1 signed off by %2.</translation>
    </message>
</context>
<context>
    <name>KioskScreens</name>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="160"/>
        <source>English</source>
        <translation>Bahasa Indonesia</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="171"/>
        <source>Kiosk Antrean</source>
        <translation>Ticket kiosk</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="185"/>
        <source>‹ Kembali</source>
        <translation>‹ Back</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="196"/>
        <source>Selamat datang</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="196"/>
        <source>Ambil nomor antrean Anda di sini.</source>
        <translation>Take your queue number here.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="198"/>
        <source>Ambil nomor antrean</source>
        <translation>Take a queue number</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="200"/>
        <source>Sudah mendaftar online? Masukkan kode</source>
        <translation>Registered online? Enter your code</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="206"/>
        <source>Punya QR pendaftaran online? Tunjukkan ke pemindai kapan saja.</source>
        <translation>Have an online registration QR code? Show it to the scanner at any time.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="217"/>
        <source>Pilih gerai</source>
        <translation>Choose the service desk (gerai)</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="217"/>
        <source>Instansi yang ingin Anda datangi.</source>
        <translation>The agency you have come to.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="223"/>
        <source>Pilih layanan</source>
        <translation>Choose the service</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="231"/>
        <source>Apakah Anda termasuk salah satu kelompok ini?</source>
        <translation>Do you belong to one of these groups?</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="232"/>
        <source>Mereka dilayani lebih dahulu.</source>
        <translation>They are served first.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="238"/>
        <source>Tidak, antrean biasa</source>
        <translation>No, regular queue</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="245"/>
        <source>Kode pendaftaran online</source>
        <translation>Online registration code</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="246"/>
        <source>Ketik kode pada bukti pendaftaran Anda, atau pindai QR-nya.</source>
        <translation>Type the code on your registration proof, or scan its QR code.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="261"/>
        <source>Lanjut ›</source>
        <translation>Next ›</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="265"/>
        <source>Mohon tunggu…</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="273"/>
        <source>Nomor antrean Anda</source>
        <translation>Your queue number</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk_parts.py" line="284"/>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>SignoffDialog</name>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="119"/>
        <source>Tandatangani berita acara %1</source>
        <translation>Sign off the day report of %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="123"/>
        <source>Penanggung jawab</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="124"/>
        <source>Pemeriksa transkripsi</source>
        <translation>Transcription verifier</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="124"/>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="142"/>
        <source>Tandatangani</source>
        <translation>Sign off</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/dashboard.py" line="177"/>
        <source>Tandatangani dengan %n tiket belum selesai</source>
        <translation>
            <numerusform>Sign off with %n ticket not finished</numerusform>
            <numerusform>Sign off with %n tickets not finished</numerusform>
        </translation>
    </message>
    <message>
        <source>Tandatangani dengan %1 tiket belum selesai</source>
        <translation type="vanished">Sign off with %1 tickets not finished</translation>
    </message>
</context>
<context>
    <name>SkmKioskPage</name>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="35"/>
        <source>(tidak ditentukan)</source>
        <translation>(not specified)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="45"/>
        <source> detik</source>
        <translation> seconds</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="48"/>
        <source>Mulai mode kiosk (layar penuh)</source>
        <translation>Start kiosk mode (full screen)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="50"/>
        <source>Tutup mode kiosk</source>
        <translation>Close kiosk mode</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="55"/>
        <source>Kiosk tidak menampilkan data pribadi. Ia kembali ke layar awal setelah jawaban dikirim atau bila tidak disentuh. Keluar: tombol di atas atau Ctrl+Shift+Q.</source>
        <translation>The kiosk shows no personal data. It returns to the start screen after answers are sent or when left untouched. Leave it with the button above or Ctrl+Shift+Q.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="60"/>
        <source>Kiosk SKM</source>
        <translation>SKM kiosk</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="62"/>
        <source>Layanan yang dinilai</source>
        <translation>Service being rated</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="63"/>
        <source>Layar</source>
        <translation>Screen</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="64"/>
        <source>Kembali ke awal bila diam</source>
        <translation>Back to start when idle for</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="67"/>
        <source>Jawaban hari ini</source>
        <translation>Answers today</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="73"/>
        <source>Kiosk di layar ini</source>
        <translation>Kiosk on this screen</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_kiosk.py" line="102"/>
        <source>%1 (kiosk: %2)</source>
        <translation>%1 (kiosk: %2)</translation>
    </message>
</context>
<context>
    <name>SkmKioskView</name>
    <message>
        <location filename="../../ui/kiosk.py" line="77"/>
        <source>Survei Kepuasan Masyarakat</source>
        <translation>Public Satisfaction Survey</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="78"/>
        <source>Bantu kami memperbaiki pelayanan. Sembilan pertanyaan singkat, tanpa nama.</source>
        <translation>Help us improve our service. Nine short questions, anonymous.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="80"/>
        <source>Mulai</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="116"/>
        <location filename="../../ui/kiosk.py" line="164"/>
        <location filename="../../ui/kiosk.py" line="191"/>
        <source>‹ Kembali</source>
        <translation>‹ Back</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="118"/>
        <source>Lewati pertanyaan ini</source>
        <translation>Skip this question</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="130"/>
        <source>Tentang Anda (boleh dilewati)</source>
        <translation>About you (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="166"/>
        <source>Lanjut ›</source>
        <translation>Next ›</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="177"/>
        <source>Saran dan masukan (boleh dikosongkan)</source>
        <translation>Suggestions (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="181"/>
        <source>Ctrl+Enter mengirim jawaban</source>
        <translation>Ctrl+Enter sends your answers</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="193"/>
        <source>Kirim jawaban</source>
        <translation>Send answers</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="205"/>
        <source>Terima kasih!</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="206"/>
        <source>Jawaban Anda sudah kami terima dan membantu kami memperbaiki pelayanan.</source>
        <translation>We have received your answers; they help us improve our service.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="209"/>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk.py" line="254"/>
        <source>Pertanyaan %1 dari %2</source>
        <translation>Question %1 of %2</translation>
    </message>
</context>
<context>
    <name>SkmKioskWindow</name>
    <message>
        <location filename="../../ui/kiosk.py" line="351"/>
        <source>Kiosk SKM</source>
        <translation>SKM kiosk</translation>
    </message>
</context>
<context>
    <name>SkmTranscribePage</name>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="106"/>
        <source>nomor tercetak di pojok formulir</source>
        <translation>number printed in the form&apos;s corner</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="108"/>
        <source>(tidak ditulis)</source>
        <translation>(not written)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="117"/>
        <source>No. formulir kertas</source>
        <translation>Paper form no.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="118"/>
        <location filename="../../ui/pages/skm_transcribe.py" line="171"/>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="120"/>
        <source>Jawaban (ketik 1–4; 0, spasi atau - bila tidak dijawab)</source>
        <translation>Answers (type 1–4; 0, space or - if unanswered)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="158"/>
        <source>Profil responden dan saran</source>
        <translation>Respondent profile and suggestion</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="171"/>
        <source>No. formulir</source>
        <translation>Form no.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="171"/>
        <source>Nilai U1–U9</source>
        <translation>Scores U1–U9</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="182"/>
        <source>Batalkan jawaban terpilih (salah ketik) …  [Ctrl+Del]</source>
        <translation>Withdraw the chosen answers (typed wrongly) …  [Ctrl+Del]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="188"/>
        <source>Baru saja disimpan</source>
        <translation>Just saved</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="199"/>
        <source>Enter menyimpan formulir ini dan membuka formulir berikutnya.</source>
        <translation>Enter saves this form and opens the next one.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="248"/>
        <source>tidak tercetak di perangkat ini</source>
        <translation>not printed on this device</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="251"/>
        <source>ini bukan nomor formulir SKM</source>
        <translation>this is not an SKM form number</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="253"/>
        <source>formulir SKM tercetak %1</source>
        <translation>SKM form printed %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="259"/>
        <source>(tidak dijawab)</source>
        <translation>(unanswered)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="291"/>
        <source>Formulir belum tersimpan: periksa isian yang ditandai merah.</source>
        <translation>Form not saved: check the fields marked in red.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="306"/>
        <source>Formulir %1 tersimpan.</source>
        <translation>Form %1 saved.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="324"/>
        <source>Pilih dulu formulir yang salah di daftar &quot;Baru saja disimpan&quot;.</source>
        <translation>First choose the wrong form in the &quot;Just saved&quot; list.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="329"/>
        <source>Batalkan jawaban SKM</source>
        <translation>Withdraw SKM answers</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="330"/>
        <source>Alasan membatalkan formulir %1 (mis. salah ketik nilai U3):</source>
        <translation>Why form %1 is withdrawn (e.g. U3 typed wrongly):</translation>
    </message>
    <message>
        <location filename="../../ui/pages/skm_transcribe.py" line="352"/>
        <source>Formulir %1 dibatalkan; ketik ulang jawabannya yang benar.</source>
        <translation>Form %1 withdrawn; type its correct answers again.</translation>
    </message>
</context>
<context>
    <name>TicketKioskView</name>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="170"/>
        <source>Layanan lain</source>
        <translation>Other services</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/ticket_kiosk.py" line="188"/>
        <source>%n layanan</source>
        <translation>
            <numerusform>%n service</numerusform>
            <numerusform>%n services</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="227"/>
        <source>Istirahat %1; buka kembali %2</source>
        <translation>Break: %1; open again at %2</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="229"/>
        <source>Istirahat; buka kembali %2</source>
        <translation>Break; open again at %2</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="231"/>
        <source>Pengambilan nomor sudah ditutup; buka kembali %2</source>
        <translation>Taking numbers has closed; open again at %2</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="233"/>
        <source>Tutup; buka kembali %2</source>
        <translation>Closed; open again at %2</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="234"/>
        <source>belum ada jadwal</source>
        <translation>no schedule yet</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="243"/>
        <source>Lansia (60 tahun ke atas)</source>
        <translation>Senior citizen (60 or older)</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="243"/>
        <source>Penyandang disabilitas</source>
        <translation>Person with a disability</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="244"/>
        <source>Ibu hamil</source>
        <translation>Pregnant woman</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="244"/>
        <source>Anak-anak, atau ibu dengan balita</source>
        <translation>Child, or parent with a toddler</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="297"/>
        <source>Ketik kode pendaftaran Anda dulu.</source>
        <translation>Type your registration code first.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="320"/>
        <source>Kode %1 tidak ditemukan. Periksa kembali kodenya, atau tanyakan petugas informasi.</source>
        <translation>Code %1 was not found. Check the code again, or ask at the information desk.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="323"/>
        <source>Kode %1 sudah dipakai untuk check-in. Silakan tanyakan petugas informasi.</source>
        <translation>Code %1 has already been checked in. Please ask at the information desk.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="325"/>
        <source>Nomor antrean tidak dapat diambil: %1</source>
        <translation>A queue number could not be issued: %1</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="363"/>
        <source>Antrean prioritas: Anda akan didahulukan.</source>
        <translation>Priority queue: you will be served first.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/ticket_kiosk.py" line="365"/>
        <source>%n orang menunggu sebelum Anda.</source>
        <translation>
            <numerusform>%n person waiting before you.</numerusform>
            <numerusform>%n people waiting before you.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="368"/>
        <source>Mencetak tiket…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="370"/>
        <source>Silakan ambil tiket Anda, lalu tunggu nomor Anda dipanggil.</source>
        <translation>Please take your ticket, then wait for your number to be called.</translation>
    </message>
    <message>
        <location filename="../../ui/ticket_kiosk.py" line="372"/>
        <source>Tiket tidak dapat dicetak. Ingat atau foto nomor di atas: nomor Anda tetap tercatat di antrean.</source>
        <translation>The ticket could not be printed. Remember or photograph the number above: it stays in the queue.</translation>
    </message>
</context>
<context>
    <name>complaint_labels</name>
    <message>
        <location filename="../../ui/complaint_labels.py" line="18"/>
        <source>Pengaduan</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="19"/>
        <source>Kritik</source>
        <translation>Criticism</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="20"/>
        <source>Saran</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="21"/>
        <source>Apresiasi</source>
        <translation>Appreciation</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="22"/>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="23"/>
        <source>Kotak saran</source>
        <translation>Suggestion box</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="24"/>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="25"/>
        <source>Surel (e-mail)</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="26"/>
        <source>Pesan (WhatsApp/SMS)</source>
        <translation>Message (WhatsApp/SMS)</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="27"/>
        <source>Situs web</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="28"/>
        <source>Persyaratan</source>
        <translation>Requirements</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="29"/>
        <source>Sistem, mekanisme, dan prosedur</source>
        <translation>System, mechanism and procedure</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="30"/>
        <source>Jangka waktu penyelesaian</source>
        <translation>Completion time</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="31"/>
        <source>Biaya/tarif</source>
        <translation>Cost/fee</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="32"/>
        <source>Produk pelayanan</source>
        <translation>Service product</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="33"/>
        <source>Sarana, prasarana, dan/atau fasilitas</source>
        <translation>Facilities and infrastructure</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="34"/>
        <source>Kompetensi pelaksana</source>
        <translation>Staff competence</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="35"/>
        <source>Perilaku pelaksana</source>
        <translation>Staff conduct</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="36"/>
        <source>Penanganan pengaduan, saran, dan masukan</source>
        <translation>Handling of complaints, suggestions and feedback</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="37"/>
        <source>Jaminan pelayanan, keamanan dan keselamatan</source>
        <translation>Service, security and safety guarantee</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="38"/>
        <source>Lainnya</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="39"/>
        <source>Baru</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="40"/>
        <source>Diproses</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="41"/>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/complaint_labels.py" line="42"/>
        <source>Ditutup</source>
        <translation>Closed</translation>
    </message>
</context>
<context>
    <name>dashboard</name>
    <message>
        <location filename="../../ui/pages/dashboard.py" line="67"/>
        <source>mnt</source>
        <translation>min</translation>
    </message>
</context>
</TS>
