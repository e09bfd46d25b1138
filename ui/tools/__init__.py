"""Developer tools for the desktop app (run by hand, not at run time)."""
