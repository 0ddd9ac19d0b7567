"""The per-page "report a problem" address names the page and the edition."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from storecrm.authoring.publishing import issue_url
from storecrm.edition import current


def test_issue_url_names_page_address_and_edition() -> None:
    url = issue_url(
        "https://github.com/o/r/",
        "chapters/03_complaints/index",
        "Complaints",
        "https://o.github.io/r/chapters/03_complaints/index.html",
    )
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("github.com", "/o/r/issues/new")
    query = parse_qs(parts.query)
    assert query["title"] == ["Page 'Complaints': "]
    body = query["body"][0]
    assert "Address: https://o.github.io/r/chapters/03_complaints/index.html" in body
    assert current().label in body
