-- The portal's countersignature of the last event it holds of each device (issue 15 item 6;
-- counter_app/receipts.py): a local rewrite of history the portal already holds is then
-- found by 'loket audit verify' against that receipt, even when every hash was recomputed.
CREATE TABLE chain_receipts (
    device_id TEXT PRIMARY KEY,
    device_seq INTEGER NOT NULL,
    hash TEXT NOT NULL,              -- the hash of that event, as the portal holds it
    site_code TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    signature TEXT NOT NULL,         -- Ed25519 over receipts.message(), base64
    portal_key TEXT NOT NULL         -- the portal's verify key that signed it, base64
) WITHOUT ROWID;
-- the portal's verify key, pinned on first use: a receipt signed by another key is refused
ALTER TABLE sync_state ADD COLUMN portal_receipt_key TEXT;
