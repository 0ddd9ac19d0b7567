"""Metrics and chart helpers the chapters teach with.

Depends only on :mod:`storecrm.data`; chapters, exercises and widgets call these public
functions instead of repeating pandas recipes. Every public helper first checks what it
is given with :mod:`storecrm.analysis.checks` and refuses bad input with a
:class:`~storecrm.errors.CourseError` naming the table, the column and what to do.
"""

from storecrm.analysis.charts import STORE_COLOURS, use_store_style

__all__ = ["STORE_COLOURS", "use_store_style"]
