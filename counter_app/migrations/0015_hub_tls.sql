-- A member joining a hub served over HTTPS with the site's own certificate authority keeps
-- the CA file to verify the hub's certificate with (NULL: the system's trusted CAs).
ALTER TABLE hub_state ADD COLUMN ca_file TEXT;
