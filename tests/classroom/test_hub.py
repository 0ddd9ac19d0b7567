"""The hub end to end: start JupyterHub with the classroom configuration, log in as a learner
through the REST API, start their JupyterLab, and show through its contents API that they
reach their own notebooks and nothing of another learner's.

Only the login is swapped for the test (DummyAuthenticator with one shared password, since
the test accounts have no password); the spawner, the proxy from ``node_modules`` and the
accounts are the real ones. Every process is stopped afterwards: the hub, the proxy and each
learner's server (by pid, through the accounts' fixture).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from storecrm.classroom.provision import default_singleuser, unreachable_folder
from storecrm.classroom.source import project_root

pytestmark = pytest.mark.slow

PASSWORD = secrets.token_urlsafe(12)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _singleuser_command() -> list[str]:
    """The learners' JupyterLab command, runnable by the test accounts, or skip saying why.

    The configuration uses the course environment's ``jupyterhub-singleuser``. When that
    environment's Python lives in a folder other accounts cannot enter (a Python installed
    under /root, as on some build machines), the test runs the same packages with the
    system's Python of the same version instead; the set-up warns about this case.
    """
    singleuser = default_singleuser()
    if not singleuser.exists():
        pytest.skip(f"{singleuser} is missing: run make setup")
    python = Path(os.path.realpath(Path(sys.prefix) / "bin" / "python"))
    if unreachable_folder(python) is None and unreachable_folder(singleuser) is None:
        return [str(singleuser)]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system_python = Path("/usr/bin") / version
    site_packages = Path(sys.prefix) / "lib" / version / "site-packages"
    if not system_python.exists() or unreachable_folder(site_packages) is not None:
        pytest.skip(
            f"the course's Python ({python}) is in a folder other accounts cannot enter, and "
            f"there is no {system_python} to run its packages with"
        )
    code = (
        f"import site, sys; site.addsitedir({str(site_packages)!r}); "
        "from jupyterhub.singleuser import main; sys.exit(main())"
    )
    return [str(system_python), "-c", code]


def _call(url: str, *, token: str | None = None, method: str = "GET", body: object = None):
    """One HTTP request; returns (status, parsed JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", f"token {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with _DIRECT.open(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text.strip() else None)
    except urllib.error.HTTPError as error:
        return error.code, None
    except urllib.error.URLError:  # not listening (yet)
        return 0, None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect to the login page is a refusal
        return None


#: Straight to 127.0.0.1, whatever proxy the environment sets for the internet.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def hub(server) -> Iterator[dict]:
    proxy = project_root() / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists():
        pytest.skip(f"{proxy} is missing: run npm ci (make setup)")
    command = _singleuser_command()
    layout = server.layout
    public, hub_port, api_port = _free_port(), _free_port(), _free_port()
    config = layout.state_dir / "test_config.py"
    config.write_text(
        "\n".join(
            [
                f"load_subconfig({str(layout.config_file)!r})",
                f"c.JupyterHub.bind_url = 'http://127.0.0.1:{public}'",
                f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{hub_port}'",
                f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'",
                f"c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]",
                "c.JupyterHub.authenticator_class = 'dummy'",
                f"c.DummyAuthenticator.password = {PASSWORD!r}",
                f"c.Authenticator.allowed_users = {set(server.learners)!r}",
                f"c.Spawner.cmd = {command!r}",
                "c.Spawner.start_timeout = 120",
                "c.Spawner.http_timeout = 120",
            ]
        ),
        encoding="utf-8",
    )
    log = (layout.state_dir / "hub.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.prefix) / "bin" / "jupyterhub"), "-f", str(config)],
        cwd=layout.state_dir,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{public}"
    try:
        deadline = time.monotonic() + 90
        while _call(f"{base}/hub/api/")[0] != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the hub did not start:\n" + (layout.state_dir / "hub.log").read_text())
            time.sleep(1)
        yield {"base": base, "log": layout.state_dir / "hub.log"}
    finally:
        # SIGTERM lets the hub stop the learners' servers and its proxy itself.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def _login(base: str, user: str, password: str) -> tuple[int, str | None]:
    status, body = _call(
        f"{base}/hub/api/users/{user}/tokens",
        method="POST",
        body={"auth": {"username": user, "password": password}, "note": "classroom test"},
    )
    return status, (body or {}).get("token")


def _start(base: str, user: str, token: str) -> None:
    status, _ = _call(f"{base}/hub/api/users/{user}/server", token=token, method="POST")
    assert status in (201, 202), status
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        _, model = _call(f"{base}/hub/api/users/{user}", token=token)
        if (model or {}).get("servers", {}).get("", {}).get("ready"):
            return
        time.sleep(1)
    pytest.fail(f"{user}'s server did not start in time")


def test_a_learner_reaches_only_their_own_notebooks(server, hub) -> None:
    base = hub["base"]
    first, second = server.learners
    assert _login(base, first, "wrong password")[0] == 403
    tokens = {}
    for learner in server.learners:
        status, token = _login(base, learner, PASSWORD)
        assert status in (200, 201) and token, status
        tokens[learner] = token
        _start(base, learner, token)

    contents = f"{base}/user/{first}/api/contents"
    status, listing = _call(f"{contents}/exercises", token=tokens[first])
    assert status == 200, hub["log"].read_text()[-3000:]
    assert "ex01_first_look.ipynb" in {item["name"] for item in listing["content"]}
    assert _call(f"{contents}/exercises/ex01_first_look.ipynb", token=tokens[first])[0] == 200

    # Out of their own home, through their own server: refused.
    escaped = f"{contents}/..%2F{second}%2Fexercises%2Fex01_first_look.ipynb"
    assert _call(escaped, token=tokens[first])[0] in (403, 404)
    # Through the other learner's server, with their own login: refused by the hub.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
    request = urllib.request.Request(f"{base}/user/{second}/api/contents/exercises")
    request.add_header("Authorization", f"token {tokens[first]}")
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(request, timeout=30)
    assert refused.value.code in (302, 403, 404)
    # The other learner, with their own token, does reach their own files (the control).
    assert _call(f"{base}/user/{second}/api/contents/exercises", token=tokens[second])[0] == 200
