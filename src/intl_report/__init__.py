"""intl-report: the Città di Torino's annual report on its international activities."""

__version__ = "0.1.0"
