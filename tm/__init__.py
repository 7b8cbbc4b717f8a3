"""tm: a translation memory for Russian, English and Kazakh letters."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tm")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
