"""The numbers quiz banks ask for, computed from the store's data (one module per chapter area).

A quiz bank names these with ``compute: storecrm.quiz.answers.<area>:<function>`` (a numeric
answer) or under ``values:`` (a number shown inside a stem, option or feedback), so every
figure a question states about Maple Street Mart follows the data when it is regenerated.

Every helper takes an optional keyword ``data`` (a :class:`~storecrm.data.StoreData`);
without it, it uses the shared read-only default data (:func:`default_data`), so a bank can
call it with no arguments and tests can pass a tiny hand-made data set. Shares and rates are
fractions 0-1, like everywhere else in the code; the quiz shows them as percents (a numeric
question with ``unit: "%"`` and the ``percent`` placeholder format do the conversion).

Areas: ``value`` (Module 1), ``service`` (2), ``complaints`` (3), ``promotions`` (4),
``membership`` (5), ``data_quality`` (6), ``segments`` (7), ``baskets`` (8), ``churn`` (9).
"""

from storecrm.quiz.answers._data import default_data, resolve_data

__all__ = ["default_data", "resolve_data"]
