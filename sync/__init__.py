"""Sync between counters and the central portal: protocol models, client, USB bundles, portal."""
