"""``python -m sync.portal`` is ``loket-portal``."""

from .cli import main

main()
