<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AppController</name>
    <message>
        <location filename="../../ui/app.py" line="180"/>
        <source>Cadangan harian gagal: {error}</source>
        <translation>Daily backup failed: {error}</translation>
    </message>
</context>
<context>
    <name>ApplicationsPage</name>
    <message>
        <location filename="../../ui/pages/applications.py" line="84"/>
        <source>Semua batas waktu</source>
        <translation>All deadlines</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="85"/>
        <source>Lewat batas waktu (dianggap disetujui)</source>
        <translation>Past deadline (deemed approved)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="86"/>
        <source>Jatuh tempo ≤ 1 hari kerja</source>
        <translation>Due within 1 working day</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="87"/>
        <source>Jatuh tempo ≤ 3 hari kerja</source>
        <translation>Due within 3 working days</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="88"/>
        <source>Jatuh tempo ≤ 5 hari kerja</source>
        <translation>Due within 5 working days</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="92"/>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="93"/>
        <source>Persyaratan diverifikasi</source>
        <translation>Requirements verified</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="94"/>
        <source>Diproses</source>
        <translation>In process</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="95"/>
        <source>Selesai</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="96"/>
        <source>Diserahkan</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="97"/>
        <source>Dikembalikan (tidak lengkap)</source>
        <translation>Returned (incomplete)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="98"/>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="99"/>
        <source>Dicabut pemohon</source>
        <translation>Withdrawn by applicant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="100"/>
        <location filename="../../ui/pages/applications.py" line="270"/>
        <source>No. registrasi</source>
        <translation>Registration no.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="101"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="102"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="103"/>
        <location filename="../../ui/pages/applications.py" line="272"/>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="104"/>
        <location filename="../../ui/pages/applications.py" line="273"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="105"/>
        <location filename="../../ui/pages/applications.py" line="274"/>
        <source>Batas waktu</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="122"/>
        <source>libur nasional</source>
        <translation>national holiday</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="136"/>
        <source>(sementara)</source>
        <translation>(provisional)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="171"/>
        <source>dianggap disetujui</source>
        <translation>deemed approved</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="175"/>
        <source>belum berjalan</source>
        <translation>not started</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="218"/>
        <source>Permohonan</source>
        <translation>Applications</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="222"/>
        <source>Cari nomor registrasi, NIK atau nama…</source>
        <translation>Search registration number, NIK or name…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="226"/>
        <source>Semua layanan</source>
        <translation>All services</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="257"/>
        <source>Rincian permohonan</source>
        <translation>Application details</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="271"/>
        <source>Pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="278"/>
        <source>Riwayat status</source>
        <translation>Status history</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="284"/>
        <source>catatan (opsional)</source>
        <translation>note (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="285"/>
        <location filename="../../ui/pages/applications.py" line="486"/>
        <source>Ubah status</source>
        <translation>Change status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="290"/>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="291"/>
        <source>Ubah ke</source>
        <translation>Change to</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="294"/>
        <source>Cetak ulang tanda terima  [Ctrl+P]</source>
        <translation>Reprint receipt  [Ctrl+P]</translation>
    </message>
    <message>
        <source>{n} permohonan pertama, {overdue} lewat batas waktu; ada lebih banyak: persempit pencarian (nama lengkap, nomor registrasi atau NIK)</source>
        <translation type="vanished">the first {n} applications, {overdue} past deadline; there are more: narrow the search (full name, registration number or NIK)</translation>
    </message>
    <message>
        <source>{n} permohonan, {overdue} lewat batas waktu</source>
        <translation type="vanished">{n} applications, {overdue} past deadline</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="456"/>
        <source>belum berjalan (persyaratan belum lengkap)</source>
        <translation>not started (requirements incomplete)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="512"/>
        <source>{reg}: status menjadi {status}</source>
        <translation>{reg}: status is now {status}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="529"/>
        <source>Pilih permohonan dulu untuk mencetak ulang tanda terimanya.</source>
        <translation>Choose an application first to reprint its receipt.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="536"/>
        <source>Mencetak ulang tanda terima {reg}…</source>
        <translation>Reprinting receipt {reg}…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="281"/>
        <source>Pilih status berikutnya…</source>
        <translation>Choose the next status…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="129"/>
        <source>Batas waktu sementara. Libur perkiraan yang terhitung: {holidays}. Dihitung ulang setelah tanggalnya ditetapkan dan dikonfirmasi di kalender lokasi.</source>
        <translation>Provisional deadline. Estimated holidays in the count: {holidays}. It is recomputed once their dates are fixed and confirmed in the site calendar.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/applications.py" line="393"/>
        <source>%n permohonan pertama, {overdue} lewat batas waktu; ada lebih banyak: persempit pencarian (nama lengkap, nomor registrasi atau NIK)</source>
        <translation>
            <numerusform>the first %n application, {overdue} past deadline; there are more: narrow the search (full name, registration number or NIK)</numerusform>
            <numerusform>the first %n applications, {overdue} past deadline; there are more: narrow the search (full name, registration number or NIK)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/applications.py" line="396"/>
        <source>%n permohonan, {overdue} lewat batas waktu</source>
        <translation>
            <numerusform>%n application, {overdue} past deadline</numerusform>
            <numerusform>%n applications, {overdue} past deadline</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/applications.py" line="459"/>
        <source>{date} (sementara: melewati libur perkiraan {holidays})</source>
        <translation>
            <numerusform>{date} (provisional: crosses the estimated holiday {holidays})</numerusform>
            <numerusform>{date} (provisional: crosses the estimated holidays {holidays})</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="484"/>
        <source>Ubah status {reg} menjadi “{status}”? Status ini tidak bisa diubah lagi.</source>
        <translation>Change {reg} to “{status}”? This status cannot be changed afterwards.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="488"/>
        <source>Ya, ubah</source>
        <translation>Yes, change</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="489"/>
        <source>Tidak</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ui/pages/applications.py" line="499"/>
        <source>Pilih status berikutnya dulu.</source>
        <translation>Choose the next status first.</translation>
    </message>
</context>
<context>
    <name>BookingDialog</name>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="189"/>
        <source>Check-in booking online</source>
        <translation>Check in an online booking</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="193"/>
        <source>kode dari portal, mis. BK-7F3Q2A</source>
        <translation>code from the portal, e.g. BK-7F3Q2A</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="195"/>
        <source>Kode booking</source>
        <translation>Booking code</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="198"/>
        <source>Didaftarkan dengan tiket {ticket} yang sedang dilayani.</source>
        <translation>Registered with ticket {ticket}, now being served.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="199"/>
        <source>Tidak ada tiket yang sedang dilayani: didaftarkan tanpa tiket.</source>
        <translation>No ticket is being served: registered without a ticket.</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <location filename="../../ui/pages/counter.py" line="116"/>
        <source>Konsol Loket</source>
        <translation>Counter Console</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="120"/>
        <source>Atur loket…</source>
        <translation>Set up counter…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="159"/>
        <source>Sedang dilayani</source>
        <translation>Now serving</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="178"/>
        <source>Panggil berikutnya</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="179"/>
        <source>Panggil ulang</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="180"/>
        <source>Lewati</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="181"/>
        <source>Tidak hadir</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="182"/>
        <source>Pindahkan…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="183"/>
        <source>Selesai</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="184"/>
        <source>Isi formulir</source>
        <translation>Fill in form</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="222"/>
        <source>Tiket untuk pemohon datang langsung</source>
        <translation>Ticket for a walk-in applicant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="227"/>
        <source>ketik nama, kode atau instansi layanan</source>
        <translation>type a service name, code or agency</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="229"/>
        <source>Biasa</source>
        <translation>Regular</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="232"/>
        <source>Ambil tiket  [Ctrl+T]</source>
        <translation>Issue ticket  [Ctrl+T]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="282"/>
        <source>Antrean menunggu: {n}</source>
        <translation>Waiting: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="259"/>
        <source>semua layanan</source>
        <translation>all services</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="319"/>
        <source>Alasan dipanggil: {reason}</source>
        <translation>Called because: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="322"/>
        <source>Belum ada yang dipanggil</source>
        <translation>Nobody called yet</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="381"/>
        <source>Mode mandiri (hub tidak menjawab): {text}</source>
        <translation>Standalone mode (the hub does not answer): {text}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="401"/>
        <source>Tidak ada antrean yang boleh dipanggil loket ini sendiri (hanya layanan yang disewa perangkat ini dan tiket terbitannya).</source>
        <translation>Nobody this counter may call on its own (only services this PC holds the lease of, and tickets it issued).</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="403"/>
        <source>Tidak ada antrean yang menunggu.</source>
        <translation>Nobody is waiting.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="405"/>
        <source>Memanggil {ticket} ke {counter}</source>
        <translation>Calling {ticket} to {counter}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="406"/>
        <source>Memanggil ulang {ticket}</source>
        <translation>Calling {ticket} again</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="407"/>
        <source>{ticket} dilewati</source>
        <translation>{ticket} skipped</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="408"/>
        <source>{ticket} ditandai tidak hadir</source>
        <translation>{ticket} marked as no-show</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="409"/>
        <source>{ticket} selesai dilayani</source>
        <translation>{ticket} finished</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="442"/>
        <source>Pilih tiket di antrean atau panggil dulu.</source>
        <translation>Select a ticket in the queue or call one first.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="410"/>
        <source>{ticket} dipindah ke {service}</source>
        <translation>{ticket} transferred to {service}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="412"/>
        <source>Tiket {ticket} diterbitkan ({n} orang di depannya). Mencetak…</source>
        <translation>Ticket {ticket} issued ({n} ahead). Printing…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="535"/>
        <source>Tiket tersimpan, tetapi gagal dicetak: {error}</source>
        <translation>Ticket saved, but printing failed: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="147"/>
        <source>Tampilkan yang dilewati/tidak hadir  [Ctrl+L]</source>
        <translation>Show skipped/no-show  [Ctrl+L]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="185"/>
        <source>Pulihkan</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="186"/>
        <source>Cetak ulang</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="187"/>
        <source>Check-in booking…</source>
        <translation>Check in booking…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="411"/>
        <source>{ticket} dipulihkan ke antrean</source>
        <translation>{ticket} restored to the queue</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="479"/>
        <source>Pilih tiket yang dilewati/tidak hadir (panah atas/bawah), lalu tekan F9.</source>
        <translation>Choose the skipped/no-show ticket (arrow up/down), then press F9.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="481"/>
        <source>Tidak ada tiket yang dilewati atau tidak hadir hari ini di layanan loket ini.</source>
        <translation>No skipped or no-show tickets today in this counter&apos;s services.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="489"/>
        <source>Pilih tiket di antrean atau panggil dulu untuk dicetak ulang.</source>
        <translation>Choose a ticket in the queue or call one first to reprint it.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="492"/>
        <source>Mencetak ulang tiket {ticket}…</source>
        <translation>Reprinting ticket {ticket}…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter.py" line="510"/>
        <source>Booking {code} terdaftar: nomor registrasi {reg}</source>
        <translation>Booking {code} checked in: registration number {reg}</translation>
    </message>
</context>
<context>
    <name>CounterSetupDialog</name>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="133"/>
        <source>Pengaturan loket ini</source>
        <translation>This counter</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="136"/>
        <source>Nama loket</source>
        <translation>Counter name</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="145"/>
        <source>Layanan yang dipanggil
(kosong = semua)</source>
        <translation>Services called
(none = all)</translation>
    </message>
</context>
<context>
    <name>ExceptionReporter</name>
    <message>
        <location filename="../../ui/app.py" line="293"/>
        <source>Terjadi galat yang tidak terduga: {error}

Data yang sudah tersimpan tetap aman. Rincian teknisnya tercatat di berkas log {log}. Jika galat ini berulang, mulai ulang aplikasi dan kirim berkas log itu ke petugas TI.</source>
        <translation>An unexpected error occurred: {error}

Data already saved is safe. The technical details are in the log file {log}. If this error happens again, restart the application and send that log file to your IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="297"/>
        <source>(log tidak aktif)</source>
        <translation>(logging is off)</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="309"/>
        <source>Loket: galat</source>
        <translation>Loket: error</translation>
    </message>
</context>
<context>
    <name>FirstStartWizard</name>
    <message>
        <location filename="../../ui/login.py" line="51"/>
        <source>Loket – pengaturan awal</source>
        <translation>Loket – first start</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="56"/>
        <source>Selamat datang. Isi data lokasi layanan dan buat akun admin pertama. Data ini bisa diubah nanti oleh admin di menu Pengaturan.</source>
        <translation>Welcome. Enter the service location and create the first admin account. An admin can change these later under Settings.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="63"/>
        <source>Lokasi dan perangkat</source>
        <translation>Location and device</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="68"/>
        <source>MPP Kota Bandung</source>
        <translation>MPP Kota Bandung</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="82"/>
        <source>Kode lokasi</source>
        <translation>Location code</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="83"/>
        <source>Nama lokasi</source>
        <translation>Location name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="84"/>
        <source>Tingkat layanan</source>
        <translation>Service tier</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="85"/>
        <source>Kode perangkat</source>
        <translation>Device code</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="86"/>
        <source>Seri nomor antrean</source>
        <translation>Ticket number series</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="87"/>
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="90"/>
        <source>Akun admin pertama</source>
        <translation>First admin account</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="98"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="99"/>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="100"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="101"/>
        <source>Ulangi kata sandi</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="104"/>
        <source>Simpan dan lanjut ke masuk</source>
        <translation>Save and continue to log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="122"/>
        <source>kata sandi tidak sama</source>
        <translation>passwords do not match</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="130"/>
        <source>Menyimpan…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="147"/>
        <source>Periksa kolom bertanda merah.</source>
        <translation>Check the fields marked in red.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="165"/>
        <source>Loket – masuk</source>
        <translation>Loket – log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="172"/>
        <source>Layar dikunci karena tidak ada aktivitas. Masuk lagi untuk melanjutkan.</source>
        <translation>The screen was locked after a period of inactivity. Log in again to continue.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="173"/>
        <source>Masuk dengan akun petugas.</source>
        <translation>Log in with your staff account.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="181"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="182"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="186"/>
        <source>Buka kunci</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="186"/>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="91"/>
        <source>Loket</source>
        <translation>Loket</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>Tutup Loket?</source>
        <translation>Close Loket?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>Tiket tetap tercatat sedang dilayani; selesaikan dulu dengan F7 bila pemohon sudah dilayani.</source>
        <translation>The ticket stays recorded as being served; finish it first with F7 if the applicant has been served.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>Tutup aplikasi</source>
        <translation>Close the app</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>Jangan tutup</source>
        <translation>Do not close</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182"/>
        <source>Tiket {ticket} masih dilayani di {counter}. Tutup aplikasi sekarang?</source>
        <translation>Ticket {ticket} is still being served at {counter}. Close the app now?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207"/>
        <source>Kunci layar</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="210"/>
        <source>Keluar</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272"/>
        <source>{user} · {role}</source>
        <translation>{user} · {role}</translation>
    </message>
    <message>
        <source>Petugas: {user} ({role})</source>
        <translation type="vanished">Officer: {user} ({role})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="339"/>
        <source>Database: {name} ✓</source>
        <translation>Database: {name} ✓</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="356"/>
        <source>Database: galat ({error})</source>
        <translation>Database: error ({error})</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="35"/>
        <source>Menunggu</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="36"/>
        <source>Dipanggil</source>
        <translation>Called</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="63"/>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="63"/>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="64"/>
        <source>Prioritas</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="64"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="65"/>
        <source>Diambil</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="65"/>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="37"/>
        <source>Dilewati</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="38"/>
        <source>Tidak hadir</source>
        <translation>No-show</translation>
    </message>
</context>
<context>
    <name>RegistrationPage</name>
    <message>
        <location filename="../../ui/pages/registration.py" line="155"/>
        <source>Transkripsi formulir kertas</source>
        <translation>Transcribe a paper form</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="158"/>
        <source>No. formulir</source>
        <translation>Form no.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="162"/>
        <source>Tanggal di formulir</source>
        <translation>Date on the form</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="226"/>
        <source>Kosongkan</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="228"/>
        <source>Simpan dan cetak tanda terima  [Ctrl+S]</source>
        <translation>Save and print receipt  [Ctrl+S]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="304"/>
        <source>Layanan ini tanpa persyaratan dokumen.</source>
        <translation>This service needs no documents.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="409"/>
        <source>tanggal tidak sah (tulis HH-BB-TTTT)</source>
        <translation>invalid date (write DD-MM-YYYY)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="419"/>
        <source>Tanggal: {date}</source>
        <translation>Date: {date}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="422"/>
        <source>Pilih layanan untuk melihat persyaratan, biaya dan batas waktu.</source>
        <translation>Choose a service to see its requirements, fee and deadline.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/registration.py" line="438"/>
        <location filename="../../ui/pages/registration.py" line="532"/>
        <source>{date}, sementara: melewati libur perkiraan {holidays}</source>
        <translation>
            <numerusform>{date}, provisional: crosses the estimated holiday {holidays}</numerusform>
            <numerusform>{date}, provisional: crosses the estimated holidays {holidays}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="442"/>
        <source>Persyaratan lengkap. Biaya: {fee}. Waktu penyelesaian: {days} hari kerja. Selesai paling lambat: {deadline}.</source>
        <translation>Requirements complete. Fee: {fee}. Completion time: {days} working days. Ready by: {deadline}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/registration.py" line="518"/>
        <source>Belum bisa disimpan: periksa %n kolom bertanda merah.</source>
        <translation>
            <numerusform>Not saved yet: check the field marked in red.</numerusform>
            <numerusform>Not saved yet: check the %n fields marked in red.</numerusform>
        </translation>
    </message>
    <message>
        <source>Belum bisa disimpan: periksa {n} kolom bertanda merah.</source>
        <translation type="vanished">Not saved yet: check the {n} fields marked in red.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="529"/>
        <source>dihitung setelah persyaratan lengkap</source>
        <translation>starts once the requirements are complete</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="535"/>
        <source>Tersimpan: {reg} (batas waktu: {deadline}). Mencetak tanda terima…</source>
        <translation>Saved: {reg} (deadline: {deadline}). Printing the receipt…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="545"/>
        <source>Tersimpan: {reg} (batas waktu: {deadline}). {print}</source>
        <translation>Saved: {reg} (deadline: {deadline}). {print}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="549"/>
        <source>Registrasi tersimpan, tetapi tanda terima gagal dicetak: {error}</source>
        <translation>Registration saved, but the receipt could not be printed: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="314"/>
        <source>Salah satu dari:</source>
        <translation>One of:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="328"/>
        <source>(bila berlaku)</source>
        <translation>(if applicable)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="428"/>
        <source>salah satu dari: {items}</source>
        <translation>one of: {items}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="431"/>
        <source>Biaya: {fee}. Persyaratan belum lengkap, kurang: {missing}. Batas waktu dihitung setelah persyaratan lengkap.</source>
        <translation>Fee: {fee}. Requirements not complete, still missing: {missing}. The deadline starts once they are complete.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="474"/>
        <source>Kosongkan semua isian formulir ini?</source>
        <translation>Clear every entry on this form?</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="476"/>
        <source>Nomor antrean {ticket} tetap terhubung.</source>
        <translation>Queue number {ticket} stays linked.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="477"/>
        <source>Kosongkan formulir</source>
        <translation>Clear the form</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="479"/>
        <source>Ya, kosongkan</source>
        <translation>Yes, clear</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="480"/>
        <source>Tidak</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings.py" line="44"/>
        <source>Petugas loket</source>
        <translation>Counter officer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="45"/>
        <source>Petugas layanan satelit</source>
        <translation>Satellite officer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="46"/>
        <source>Penanggung jawab / pengelola layanan</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="47"/>
        <source>Administrator (pengelola teknis)</source>
        <translation>Administrator (technical)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="58"/>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="91"/>
        <source>Lokasi dan perangkat</source>
        <translation>Location and device</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="103"/>
        <source>Kode lokasi</source>
        <translation>Location code</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="104"/>
        <source>Nama lokasi</source>
        <translation>Location name</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="105"/>
        <source>Tingkat layanan</source>
        <translation>Service tier</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="106"/>
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="107"/>
        <source>Kode perangkat</source>
        <translation>Device code</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="108"/>
        <source>Seri nomor antrean</source>
        <translation>Ticket number series</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="109"/>
        <source>Simpan lokasi dan perangkat</source>
        <translation>Save location and device</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="115"/>
        <source>Printer tiket dan tanda terima</source>
        <translation>Ticket and receipt printer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="119"/>
        <source>net:192.168.1.50:9100, usb:04b8:0202, serial:/dev/ttyUSB0:9600, cups:NAMA</source>
        <translation>net:192.168.1.50:9100, usb:04b8:0202, serial:/dev/ttyUSB0:9600, cups:NAME</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="120"/>
        <source>Spesifikasi printer</source>
        <translation>Printer spec</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="121"/>
        <source>Kosongkan bila tidak ada printer: tiket dan tanda terima disimpan sebagai PDF.</source>
        <translation>Leave empty when there is no printer: tickets and receipts are saved as PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="125"/>
        <source>Simpan printer</source>
        <translation>Save printer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="127"/>
        <source>Cetak uji</source>
        <translation>Test print</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="133"/>
        <source>Portal pusat (sinkronisasi)</source>
        <translation>Central portal (sync)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="139"/>
        <source>token perangkat dari portal</source>
        <translation>device token from the portal</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="140"/>
        <source>Alamat portal</source>
        <translation>Portal address</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="141"/>
        <source>Token perangkat</source>
        <translation>Device token</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="142"/>
        <source>Simpan portal</source>
        <translation>Save portal</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="144"/>
        <source>Sinkronkan sekarang</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="150"/>
        <source>Hub lokasi (antrean langsung di jaringan lokal)</source>
        <translation>Site hub (live queue on the local network)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="155"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="158"/>
        <source>tekan Cari untuk mencari hub lokasi ini</source>
        <translation>press Search to look for this site&apos;s hub</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="160"/>
        <source>Cari</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="165"/>
        <source>Hub di jaringan</source>
        <translation>Hubs on the network</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="170"/>
        <source>token dari &apos;loket hub enrol&apos; di PC hub</source>
        <translation>token from &apos;loket hub enrol&apos; on the hub PC</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="171"/>
        <source>Alamat hub</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="172"/>
        <source>Token perangkat hub</source>
        <translation>Hub device token</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="176"/>
        <source>Gabung</source>
        <translation>Join</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="178"/>
        <source>Lepas</source>
        <translation>Leave</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="191"/>
        <source>Komputer ini</source>
        <translation>This computer</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/settings.py" line="188"/>
        <source> menit (0 = tidak pernah)</source>
        <translation>
            <numerusform> minute (0 = never)</numerusform>
            <numerusform> minutes (0 = never)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="201"/>
        <source>Bahasa tampilan</source>
        <translation>Display language</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="202"/>
        <source>Kunci layar setelah diam</source>
        <translation>Lock screen when idle for</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="203"/>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="209"/>
        <source>Akun petugas</source>
        <translation>Staff accounts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="222"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="223"/>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="224"/>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="225"/>
        <source>Kata sandi awal</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="226"/>
        <source>Tambah akun</source>
        <translation>Add account</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="251"/>
        <source> (nonaktif)</source>
        <translation> (disabled)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="275"/>
        <source>Lokasi {code} ({name}), perangkat {device} tersimpan.</source>
        <translation>Location {code} ({name}), device {device} saved.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="287"/>
        <source>Printer perangkat {device} tersimpan.</source>
        <translation>Printer of device {device} saved.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="292"/>
        <source>Mencetak halaman uji…</source>
        <translation>Printing a test page…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="311"/>
        <source>Alamat portal tersimpan.</source>
        <translation>Portal address saved.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="316"/>
        <source>Sinkronisasi berjalan…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="326"/>
        <source>Sinkronisasi gagal: {error}</source>
        <translation>Sync failed: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="348"/>
        <source>Mencari hub di jaringan lokal…</source>
        <translation>Looking for hubs on the local network…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="359"/>
        <source>Tidak ada hub lokasi {site} yang terlihat di jaringan: ketik alamatnya di Alamat hub.</source>
        <translation>No hub of site {site} is visible on the network: type its address under Hub address.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="366"/>
        <source>{n} hub ditemukan; pilih satu, isi token, lalu Gabung.</source>
        <translation>{n} hub(s) found; pick one, enter the token, then Join.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="371"/>
        <source>Pencarian hub gagal ({error}): ketik alamatnya di Alamat hub.</source>
        <translation>Looking for hubs failed ({error}): type its address under Hub address.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="382"/>
        <source>Menghubungi hub…</source>
        <translation>Contacting the hub…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="389"/>
        <source>Bergabung dengan hub {site} di {hub} sebagai {name}; {applied} event baru diterima.</source>
        <translation>Joined the hub of {site} at {hub} as {name}; {applied} new events received.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="410"/>
        <source>tidak ada</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="412"/>
        <source>Hub dilepas, tetapi {warning}.</source>
        <translation>Left the hub, but {warning}.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="415"/>
        <source>Hub dilepas; sewa layanan dikembalikan: {released}.</source>
        <translation>Left the hub; service leases given back: {released}.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="428"/>
        <source>Pengaturan komputer ini tersimpan.</source>
        <translation>Settings of this computer saved.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings.py" line="446"/>
        <source>Akun {user} ({role}) dibuat.</source>
        <translation>Account {user} ({role}) created.</translation>
    </message>
</context>
<context>
    <name>SyncRunner</name>
    <message>
        <location filename="../../ui/sync_runner.py" line="75"/>
        <source>sinkronisasi latar belakang dihentikan</source>
        <translation>background sync stopped</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="163"/>
        <source>Pindahkan {ticket}</source>
        <translation>Transfer {ticket}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="169"/>
        <source>ketik nama, kode atau instansi</source>
        <translation>type a name, code or agency</translation>
    </message>
    <message>
        <location filename="../../ui/pages/counter_parts.py" line="170"/>
        <source>Ke layanan</source>
        <translation>To service</translation>
    </message>
</context>
<context>
    <name>UpgradeWindow</name>
    <message>
        <location filename="../../ui/app.py" line="336"/>
        <source>Loket: pembaruan gagal</source>
        <translation>Loket: update failed</translation>
    </message>
    <message>
        <location filename="../../ui/upgrade.py" line="77"/>
        <source>Loket: memperbarui database</source>
        <translation>Loket: updating the database</translation>
    </message>
    <message>
        <location filename="../../ui/upgrade.py" line="80"/>
        <source>Memperbarui database</source>
        <translation>Updating the database</translation>
    </message>
    <message>
        <location filename="../../ui/upgrade.py" line="83"/>
        <source>Loket sedang memperbarui database {name} untuk versi aplikasi yang baru. Salinan cadangan dibuat lebih dulu. Pada database yang besar ini bisa memakan beberapa menit: jangan matikan komputer dan jangan tutup aplikasi. Loket terbuka sendiri setelah selesai.</source>
        <translation>Loket is updating the database {name} for the new version of the app. A backup copy is made first. On a big database this can take several minutes: do not turn the computer off and do not close the app. Loket opens by itself when it is done.</translation>
    </message>
    <message>
        <location filename="../../ui/upgrade.py" line="89"/>
        <source>Memulai…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <location filename="../../ui/upgrade.py" line="101"/>
        <source>Membuat salinan cadangan sebelum pembaruan…</source>
        <translation>Making a backup copy before the update…</translation>
    </message>
    <message>
        <location filename="../../ui/upgrade.py" line="104"/>
        <source>Pembaruan {name}: memproses tabel {table}, {done} dari {total} baris</source>
        <translation>Update {name}: processing table {table}, {done} of {total} rows</translation>
    </message>
    <message>
        <location filename="../../ui/upgrade.py" line="107"/>
        <source>Menerapkan pembaruan {name}…</source>
        <translation>Applying update {name}…</translation>
    </message>
    <message>
        <location filename="../../ui/upgrade.py" line="161"/>
        <source>Pembaruan database gagal: {error}

Database dibiarkan seperti sebelum pembaruan itu, dan salinan cadangannya ada di folder &apos;backups&apos; di samping database. Loket tidak dibuka. Kirim berkas log ke petugas TI, atau coba &apos;loket db migrate&apos; untuk melihat rinciannya.</source>
        <translation>Updating the database failed: {error}

The database was left as it was before that update, and its backup copy is in the &apos;backups&apos; folder beside the database. Loket did not open. Send the log file to IT staff, or try &apos;loket db migrate&apos; to see the details.</translation>
    </message>
</context>
<context>
    <name>hub</name>
    <message>
        <location filename="../../ui/hub_bridge.py" line="188"/>
        <source>hub tidak mengirim apa pun selama {n} detik</source>
        <translation>the hub has sent nothing for {n} seconds</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="215"/>
        <source>Hub tidak menjawab</source>
        <translation>The hub does not answer</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="283"/>
        <source>Perangkat ini melayani antrean seluruh lokasi (loket hub serve).</source>
        <translation>This PC serves the queue of the whole site (loket hub serve).</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="285"/>
        <source>Hub lokasi ini</source>
        <translation>This site&apos;s hub</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="287"/>
        <source>Hub: terhubung</source>
        <translation>Hub: connected</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="289"/>
        <source>Mode mandiri: hub tidak menjawab</source>
        <translation>Standalone mode: the hub does not answer</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="291"/>
        <source>Hub: menghubungkan…</source>
        <translation>Hub: connecting…</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="299"/>
        <source>Tidak memakai hub: perangkat ini bekerja sendiri dan sinkron lewat portal.</source>
        <translation>No hub: this PC works on its own and syncs through the portal.</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="302"/>
        <source>Perangkat ini adalah hub lokasi.</source>
        <translation>This PC is the site&apos;s hub.</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="305"/>
        <source>terhubung</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="307"/>
        <source>mode mandiri (hub tidak menjawab)</source>
        <translation>standalone mode (the hub does not answer)</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="309"/>
        <source>belum tersambung</source>
        <translation>not connected yet</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="311"/>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="312"/>
        <source>Hub {url}: {mode}; kontak terakhir {last}; belum terkirim {n} event.</source>
        <translation>Hub {url}: {mode}; last contact {last}; {n} events not yet sent.</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="332"/>
        <source>alamat hub wajib diisi, mis. http://192.168.1.10:8766</source>
        <translation>the hub address is required, e.g. http://192.168.1.10:8766</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="335"/>
        <source>token perangkat dari hub wajib diisi</source>
        <translation>the device token from the hub is required</translation>
    </message>
    <message>
        <location filename="../../ui/hub_bridge.py" line="346"/>
        <source>hub tidak menjawab di alamat ini: {error}</source>
        <translation>no hub answers at this address: {error}</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <location filename="../../ui/pages/__init__.py" line="19"/>
        <source>Konsol loket</source>
        <translation>Counter console</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="20"/>
        <source>Pendaftaran</source>
        <translation>Registration</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="21"/>
        <source>Permohonan</source>
        <translation>Applications</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="22"/>
        <source>Kiosk SKM</source>
        <translation>SKM kiosk</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="23"/>
        <source>Transkripsi SKM</source>
        <translation>SKM transcription</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="24"/>
        <source>Pengaduan</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="25"/>
        <source>Dasbor</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="26"/>
        <source>Kalender</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="27"/>
        <source>Layar panggilan</source>
        <translation>Call display</translation>
    </message>
    <message>
        <location filename="../../ui/pages/__init__.py" line="28"/>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>portal</name>
    <message>
        <location filename="../../ui/portal_bridge.py" line="50"/>
        <source>Sinkron selesai: {sent} event terkirim, {pulled} diterima, {pending} menunggu.</source>
        <translation>Sync done: {sent} events sent, {pulled} received, {pending} pending.</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="80"/>
        <location filename="../../ui/portal_bridge.py" line="112"/>
        <source>Portal: tidak diatur (luring)</source>
        <translation>Portal: not set (offline)</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="82"/>
        <location filename="../../ui/portal_bridge.py" line="117"/>
        <source>Portal: tidak terjangkau</source>
        <translation>Portal: unreachable</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="84"/>
        <source>Portal: sinkron gagal</source>
        <translation>Portal: sync failed</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="86"/>
        <location filename="../../ui/portal_bridge.py" line="120"/>
        <source>Portal: terhubung</source>
        <translation>Portal: connected</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="88"/>
        <source>Portal: belum pernah sinkron</source>
        <translation>Portal: never synced</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="89"/>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="102"/>
        <source>Belum sinkron: {n} event</source>
        <translation>Not synced: {n} events</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="103"/>
        <source>Sinkron terakhir: {when}</source>
        <translation>Last sync: {when}</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="93"/>
        <source>Karantina: {n} event</source>
        <translation>Quarantine: {n} events</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="95"/>
        <source>Event dari portal yang tidak bisa diterapkan di perangkat ini; tetap tersimpan. Setelah aplikasi diperbarui, jalankan &apos;loket sync retry-quarantine&apos;.</source>
        <translation>Events from the portal that this device cannot apply; they are kept. After updating the application, run &apos;loket sync retry-quarantine&apos;.</translation>
    </message>
    <message>
        <location filename="../../ui/portal_bridge.py" line="136"/>
        <source>Portal: galat ({error})</source>
        <translation>Portal: error ({error})</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <source>CETAK UJI PRINTER</source>
        <translation type="vanished">PRINTER TEST PRINT</translation>
    </message>
    <message>
        <source>Printer siap dipakai.</source>
        <translation type="vanished">The printer is ready.</translation>
    </message>
    <message>
        <location filename="../../ui/printing_bridge.py" line="66"/>
        <source>Cetak uji terkirim ke {spec}.</source>
        <translation>Test print sent to {spec}.</translation>
    </message>
    <message>
        <location filename="../../ui/printing_bridge.py" line="130"/>
        <source>Printer: belum diatur (PDF)</source>
        <translation>Printer: not set (PDF)</translation>
    </message>
    <message>
        <location filename="../../ui/printing_bridge.py" line="136"/>
        <source>Printer: {spec}</source>
        <translation>Printer: {spec}</translation>
    </message>
    <message>
        <location filename="../../ui/printing_bridge.py" line="138"/>
        <source>Printer: {spec} – gagal mencetak {label}</source>
        <translation>Printer: {spec} – failed to print {label}</translation>
    </message>
    <message>
        <source>Printer: {spec} – cetakan terakhir gagal</source>
        <translation type="vanished">Printer: {spec} – last print failed</translation>
    </message>
    <message>
        <location filename="../../ui/printing_bridge.py" line="141"/>
        <source>Printer: {spec} – siap</source>
        <translation>Printer: {spec} – ready</translation>
    </message>
</context>
</TS>
