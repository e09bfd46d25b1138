"""The portal's schema changes, numbered ``NNNN_name.sql`` (or ``.py`` with ``migrate(tx)`` where
SQLite and PostgreSQL need different statements); applied in order by ``sync.portal.db``."""
