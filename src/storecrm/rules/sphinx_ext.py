"""Make every store rule a MyST substitution, so pages write ``{{ second_till_queue }}``.

Enabled in ``_config.yml`` (``sphinx: extra_extensions: [storecrm.rules.sphinx_ext]``). When
the config is read, the rules' placeholders are added to ``myst_substitutions``. That config
value is part of Sphinx's environment, so a changed rule makes Sphinx re-read every page on
the next build: no page can keep showing an old rule.

A page that uses an unknown placeholder fails the strict build (MyST warns
``substitution`` / undefined), which is how an author learns about a typo.
"""

from __future__ import annotations

from typing import Any

from storecrm.rules.placeholders import substitutions

__all__ = ["add_rule_substitutions", "setup"]


def add_rule_substitutions(current: dict[str, Any] | None) -> dict[str, Any]:
    """``current`` substitutions plus the rules'; a page-level name may not hide a rule.

    Raises
    ------
    storecrm.errors.CourseError
        When ``_config.yml`` already defines a substitution with a rule's name: two values
        for one name is exactly the contradiction this extension exists to prevent.
    """
    from storecrm.errors import CourseError

    current = dict(current or {})
    rules = substitutions()
    clash = sorted(set(current) & set(rules))
    if clash:
        raise CourseError(
            f"myst_substitutions defines {', '.join(clash)}, which the store rules provide",
            table="_config.yml",
            hint="Remove them from _config.yml and change src/storecrm/rules/store_rules.yml",
        )
    return {**current, **rules}


def _on_config_inited(app: Any, config: Any) -> None:
    config.myst_substitutions = add_rule_substitutions(getattr(config, "myst_substitutions", {}))


def setup(app: Any) -> dict[str, Any]:
    """Register the config hook (after myst_parser has added ``myst_substitutions``)."""
    app.connect("config-inited", _on_config_inited, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
