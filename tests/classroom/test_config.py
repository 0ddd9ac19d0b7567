"""The JupyterHub configuration loads in JupyterHub and sets what the classroom page says."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("jupyterhub", reason="jupyterhub is in the 'classroom' group (make setup)")

from jupyterhub.app import JupyterHub
from jupyterhub.auth import PAMAuthenticator
from jupyterhub.spawner import LocalProcessSpawner

from storecrm.classroom import LEARNERS_GROUP, SUPERVISORS_GROUP, Layout, render_config
from storecrm.classroom.source import project_root

PAGE = project_root() / "book" / "trainers" / "classroom-setup.md"


@pytest.fixture
def hub(tmp_path: Path) -> JupyterHub:
    layout = Layout(tmp_path)
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(
        render_config(layout, singleuser=Path("/opt/crm/.venv/bin/jupyterhub-singleuser"),
                      proxy="/opt/crm/node_modules/.bin/configurable-http-proxy", port=8123),
        encoding="utf-8",
    )  # fmt: skip
    app = JupyterHub()
    app.load_config_file(str(config))
    return app


def test_authenticator_is_pam_limited_to_the_course_groups(hub: JupyterHub) -> None:
    assert hub.authenticator_class is PAMAuthenticator
    authenticator = hub.authenticator_class(parent=hub)
    assert authenticator.allowed_groups == {LEARNERS_GROUP, SUPERVISORS_GROUP}
    assert authenticator.admin_groups == {SUPERVISORS_GROUP}


def test_each_learner_gets_their_own_process_in_their_home(hub: JupyterHub) -> None:
    assert hub.spawner_class is LocalProcessSpawner
    config = hub.config.Spawner
    assert config.notebook_dir == "~"
    assert config.default_url == "/lab"
    assert config.cmd == ["/opt/crm/.venv/bin/jupyterhub-singleuser"]


def test_state_and_proxy(hub: JupyterHub, tmp_path: Path) -> None:
    state = Layout(tmp_path).state_dir
    assert hub.bind_url == "http://:8123"
    assert hub.db_url == f"sqlite:///{state}/jupyterhub.sqlite"
    assert hub.cookie_secret_file == f"{state}/jupyterhub_cookie_secret"
    proxy = hub.config.ConfigurableHTTPProxy
    assert proxy.command == ["/opt/crm/node_modules/.bin/configurable-http-proxy"]


def test_the_page_shows_this_configuration() -> None:
    """The page includes the template itself, so what it shows cannot drift from the code."""
    text = PAGE.read_text(encoding="utf-8")
    assert "src/storecrm/classroom/jupyterhub_config.py.tmpl" in text
    for claim in ("PAMAuthenticator", "LocalProcessSpawner", "SystemdSpawner", SUPERVISORS_GROUP):
        assert claim in text, claim
