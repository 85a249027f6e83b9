"""pytest helpers (public front door): assert that an algorithm fails K digits, or reaches D digits,
on the Theorem 1 family, with a replayable report on failure. They live in
:mod:`sci_oracle.harness.testing`; import them from here.

    from sci_oracle.testing import assert_fails_K_digits, assert_reaches_digits
"""

from sci_oracle.harness.testing import *  # noqa: F403  (this module is the re-export)
from sci_oracle.harness.testing import __all__ as __all__
