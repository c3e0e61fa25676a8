"""Test configuration: Hypothesis profiles."""

import os

from hypothesis import settings

# No deadline: speed is shown by benchmarks, never by timed tests.
settings.register_profile("default", deadline=None)
# CI explores more examples, in a fixed order so that a run can be repeated.
settings.register_profile("ci", deadline=None, max_examples=400, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")
