"""Settings for the whole test run."""
import os

# openpyxl writes with lxml when it can import it (openxml-audit, a test tool, brings it in): a carriage return
# kept as &#13;, <tag /> for <tag/>. tierbook installs no lxml, so the tests hold openpyxl to the standard-library
# writer its users get. Set before any test module imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")

# A property test must not fail because a shared or busy machine ran one example slowly: no per-example deadline,
# and no health check that counts seconds. Subprocess time limits only guard against a hang, so they are generous.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("tierbook", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tierbook")
