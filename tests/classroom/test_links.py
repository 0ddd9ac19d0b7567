"""One nbgitpuller link per exercise: encoded correctly, pointing at files that exist."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from storecrm.classroom.links import (
    Repository,
    exercise_links,
    links_html,
    links_table,
    read_repository,
)
from storecrm.classroom.source import project_root
from storecrm.cli import main
from storecrm.errors import CourseError

HUB = "https://crm-hub.example.cn"


@pytest.fixture(scope="module")
def root() -> Path:
    return project_root()


def test_one_link_per_exercise_notebook(root: Path) -> None:
    links = exercise_links(root, HUB)
    notebooks = sorted(p.relative_to(root).as_posix() for p in root.glob("exercises/*.ipynb"))
    assert [link.notebook for link in links] == notebooks
    assert not any("solutions" in link.notebook for link in links)
    assert links[0].title.startswith("Exercise 1:")


def test_links_open_files_that_exist_in_the_repository(root: Path) -> None:
    repo = read_repository(root / "_config.yml")
    for link in exercise_links(root, HUB + "/"):
        parts = urlsplit(link.url)
        assert f"{parts.scheme}://{parts.netloc}" == HUB
        assert parts.path == "/hub/user-redirect/git-pull"
        query = parse_qs(parts.query, strict_parsing=True)
        assert query["repo"] == [repo.url]
        assert query["branch"] == [repo.branch]
        target = query["targetpath"][0]
        prefix = f"lab/tree/{target}/"
        urlpath = query["urlpath"][0]
        assert urlpath.startswith(prefix)
        assert (root / urlpath.removeprefix(prefix)).is_file()


def test_values_are_percent_encoded_whole(root: Path) -> None:
    """A raw '/' or ':' inside a value breaks some chat apps' link detection."""
    for link in exercise_links(root, HUB):
        query = urlsplit(link.url).query
        for pair in query.split("&"):
            _, value = pair.split("=", 1)
            assert "/" not in value and ":" not in value, pair


def test_repository_with_characters_that_need_encoding(root: Path) -> None:
    repo = Repository(url="https://git.example.cn/门店/crm academy.git", branch="spring&2027")
    link = exercise_links(root, HUB, repo)[0]
    query = parse_qs(urlsplit(link.url).query)
    assert query["repo"] == [repo.url]
    assert query["branch"] == ["spring&2027"]
    assert query["targetpath"] == ["crm academy"]


@pytest.mark.parametrize(
    "hub", ["crm-hub.example.cn", "ftp://hub.example.cn", "https://", "https://h.cn/?x=1"]
)
def test_a_bad_hub_address_is_refused(root: Path, hub: str) -> None:
    with pytest.raises(CourseError, match="is not the address of a hub"):
        exercise_links(root, hub)


@pytest.mark.parametrize(
    "config",
    ["title: x\n", "repository:\n  url: git@github.com:o/n.git\n", "repository: [\n"],
)
def test_a_bad_repository_setting_is_refused(tmp_path: Path, config: str) -> None:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    with pytest.raises(CourseError, match=r"_config\.yml"):
        read_repository(tmp_path / "_config.yml")


def test_the_command_prints_the_table(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classroom", "links", "--hub", HUB]) == 0
    out = capsys.readouterr().out
    assert out.strip() == links_table(exercise_links(root, HUB))
    assert out.count("/hub/user-redirect/git-pull?") == len(list(root.glob("exercises/*.ipynb")))


def test_the_page_table_puts_each_link_on_its_exercise(root: Path) -> None:
    from html.parser import HTMLParser

    class Anchors(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[str, str]] = []
            self._href: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                self._href = dict(attrs)["href"]

        def handle_data(self, data: str) -> None:
            if self._href is not None:
                self.found.append((data, self._href))
                self._href = None

    links = exercise_links(root, HUB)
    parser = Anchors()
    parser.feed(links_html(links))
    assert parser.found == [(link.title, link.url) for link in links]
