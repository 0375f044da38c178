"""Settings for the whole test run."""
import os

# openpyxl writes with lxml when it can import it (openxml-audit, a test tool, brings it in): a carriage return
# kept as &#13;, <tag /> for <tag/>. tierbook installs no lxml, so the tests hold openpyxl to the standard-library
# writer its users get. Set before any test module imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")
