"""``python -m roleatlas`` runs the command line."""

from roleatlas.cli import main

main()
