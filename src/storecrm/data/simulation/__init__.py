"""The Maple Street Mart simulator (see the data card, ``datasets/README.md``).

Sub-modules, in the order the simulation uses them: :mod:`params` (catalogue and planted
behaviour), :mod:`calendar`, :mod:`people`, :mod:`visits`, :mod:`marketing`,
:mod:`baskets`, :mod:`loyalty`, :mod:`service`, and :mod:`core`, which runs them.
"""

from storecrm.data.simulation.core import Truth, simulate

__all__ = ["Truth", "simulate"]
