"""Tools for course authors: learner copies, notebook re-execution and build fixes."""

__all__: list[str] = []
