"""Shared fixtures: one Prefect test harness per session, a real SMTP server, a working folder,
the shipped registry."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

# Property tests draw the same examples on every run (a red CI run is reproducible, never a
# fluke of the draw), keep no example database in the clone, and have no per-example deadline
# (a 2-core CI machine is slower than a laptop). HYPOTHESIS_PROFILE=explore draws afresh and
# many more examples, for a hunt by hand.
settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=2000, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(name="registry", scope="session")
def fixture_registry() -> object:
    """The shipped registry of departments, laws and audit groups (loaded once)."""
    from catalog_check.registry import default_registry

    return default_registry()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect backend for the whole session (it costs several seconds to enter).

    Flow runs send no heartbeats here: Prefect's heartbeat thread sleeps in 1-second steps
    and every flow run waited for it at its end (0.5-1 s a run, a minute over the suite). The
    heartbeat only lets a server mark a silent run as crashed; no test looks at that. The server
    may take 120 s to start (Prefect's 30 s ran out on a loaded 2-core machine)."""
    from prefect.settings import temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120), temporary_settings(
        updates={"flows.heartbeat_frequency": None}
    ):
        yield


@pytest.fixture(name="mail_server")
def fixture_mail_server(tmp_path: Path) -> Iterator[object]:
    """A real aiosmtpd server on 127.0.0.1 that keeps every message it receives."""
    from catalog_check.mailserver import LocalMailServer

    with LocalMailServer(tmp_path / "received-mail") as server:
        yield server


@pytest.fixture(name="workdir")
def fixture_workdir(tmp_path: Path, mail_server) -> Path:
    """A working folder with a configuration pointing at the test mail server."""
    (tmp_path / "work").mkdir()
    config = tmp_path / "work" / "catalog-check.toml"
    config.write_text(
        f'root = "var"\nsettle_seconds = 0\n[batch]\ndeadline = 2017-03-10\n'
        f'[mail]\nhost = "127.0.0.1"\nport = {mail_server.port}\nretries = 1\n',
        encoding="utf-8",
    )
    return config
