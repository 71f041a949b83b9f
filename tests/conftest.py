"""Settings for the whole suite."""

from __future__ import annotations

import os

from hypothesis import settings

# Tests never assert timings: hypothesis's per-example deadline is one, and a
# shared 2-core machine would make it flaky. WSMESSAGE_FUZZ_EXAMPLES raises
# the example budget for long fuzzing runs.
settings.register_profile(
    "wsmessage",
    deadline=None,
    max_examples=int(os.environ.get("WSMESSAGE_FUZZ_EXAMPLES", "100")),
)
settings.load_profile("wsmessage")
