"""Registers the ``browser`` marker (tests that drive a real headless Chromium)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real headless Chromium (skipped when not installed)")
