"""Metrics and chart helpers the chapters teach with.

Depends only on :mod:`storecrm.data`; chapters, exercises and widgets call these public
functions instead of repeating pandas recipes.
"""

from storecrm.analysis.charts import STORE_COLOURS, use_store_style

__all__ = ["STORE_COLOURS", "use_store_style"]
