"""Applicants' personal data sealed in the log (issue 15; counter_app/personal.py): the keys
that open the sealed events, per site, beside the log and never in it.

- ``record_keys``: the key (32 bytes) of each sealed event the portal holds, as it came beside
  a pushed event or as the portal made it for its own (an online booking); sent down beside its
  event on pull and in site bundles. Keyed by ``(site_code, key_id)``: one site's keys are
  never another's.
- ``erased_keys``: key ids a ``personal_data_erased`` event deleted: a copy arriving later
  (from a device that has not erased it yet) is refused.
- ``bookings.name`` may be NULL: an erased booking keeps its code, service and day, not the
  name.

Nothing stored is rewritten: events stored before this migration keep their payload as it was
hashed (plain text, from counters older than sealing), since changing it would break their
devices' hash chains; docs/security.md says what that means for erasure.
"""

from __future__ import annotations


def migrate(tx) -> None:
    blob = "BYTEA" if tx.postgres else "BLOB"
    tx.execute(f"CREATE TABLE record_keys (site_code TEXT NOT NULL, key_id TEXT NOT NULL, key {blob} NOT NULL,"
               " entity_id TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (site_code, key_id))")
    tx.execute("CREATE INDEX record_keys_entity ON record_keys (site_code, entity_id)")
    tx.execute("CREATE TABLE erased_keys (site_code TEXT NOT NULL, key_id TEXT NOT NULL, erased_at TEXT NOT NULL,"
               " PRIMARY KEY (site_code, key_id))")
    if tx.postgres:
        tx.execute("ALTER TABLE bookings ALTER COLUMN name DROP NOT NULL")
        return
    # SQLite cannot drop a NOT NULL in place: the table is copied into its new shape
    columns = "code, site_code, service_code, day, name, created_at, registration_id, checked_in_at, birth_check"
    tx.execute("CREATE TABLE bookings_new (code TEXT PRIMARY KEY, site_code TEXT NOT NULL,"
               " service_code TEXT NOT NULL, day TEXT NOT NULL, name TEXT, created_at TEXT NOT NULL,"
               " registration_id TEXT, checked_in_at TEXT, birth_check TEXT)")
    tx.execute(f"INSERT INTO bookings_new ({columns}) SELECT {columns} FROM bookings")
    tx.execute("DROP TABLE bookings")
    tx.execute("ALTER TABLE bookings_new RENAME TO bookings")
