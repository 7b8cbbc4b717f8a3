"""tm: a translation memory for Russian, English and Kazakh letters."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tm")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

# The layers built on the store (the lookup index, the glossary) are wired into every TM
# when the package loads, whichever module a program imports first: a TM opened through
# tm.store directly must not miss the index hook and let the index fall behind its units.
from tm import compose as _compose  # noqa: E402,F401
