"""``python -m sampledata --year 2025`` (with tools/ on the path, as ``make sample`` runs it)."""

from .cli import main

main()
