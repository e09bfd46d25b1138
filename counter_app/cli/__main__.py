"""``python -m counter_app.cli``: the same as the ``loket`` command."""

from . import main

main()
