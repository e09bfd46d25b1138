"""The reference central portal: storage, HTTP API, public pages and the admin CLI."""
