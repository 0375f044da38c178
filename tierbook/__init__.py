"""tierbook: a seller's customer workbook as a daily assistant."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tierbook")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0+checkout"
