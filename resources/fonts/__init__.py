"""Bundled fonts (DejaVu Sans, full Latin coverage) embedded in every PDF the app prints."""
