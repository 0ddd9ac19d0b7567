"""Maple Street Mart CRM Academy: the package behind the course.

Sub-packages (dependencies point one way, ``data`` <- ``analysis`` <- the rest):

- :mod:`storecrm.data` - generate, load and validate Maple Street Mart's synthetic data.
- :mod:`storecrm.analysis` - the metrics the chapters teach (RFM, NPS, lift ...).
- :mod:`storecrm.exercises` - exercise questions with instant feedback.
- :mod:`storecrm.quiz` - the self-check quiz bank and its renderers.
- :mod:`storecrm.widgets` - live workshop tools for JupyterLab.
- :mod:`storecrm.authoring` - tools for course authors (learner copies, re-execution).

Nothing is read from disk at import time, except the store's rules: :mod:`storecrm.rules`
parses its packaged ``store_rules.yml`` once, when a module whose constants are rules (the
generator, the analysis standards) is first imported.
"""

from typing import Any

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:
    """``storecrm.__version__``: read on first use from the one place it lives (pyproject.toml)."""
    if name == "__version__":
        from storecrm.edition import current

        return current().version
    raise AttributeError(f"module 'storecrm' has no attribute {name!r}")
