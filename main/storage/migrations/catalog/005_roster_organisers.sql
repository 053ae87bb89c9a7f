-- Organisers (单位管理员) are learners of the site's roster with the organiser role; they
-- unlock class management with their card and a PIN. The hub publishes the PIN only as a
-- scrypt hash (protocol/pin-hash.ts), or none yet (NULL). Rows pulled before this migration
-- are not organisers until the hub publishes them again, which it does when it names one.
ALTER TABLE learners ADD COLUMN organiser INTEGER NOT NULL DEFAULT 0;
ALTER TABLE learners ADD COLUMN organiser_pin_hash TEXT;
