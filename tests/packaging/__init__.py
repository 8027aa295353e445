"""Tests of the packaging: the wheel, the desktop-integration files and the icon."""
