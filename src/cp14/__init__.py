"""cp14: deadlines, cost estimates and letters for an IRS CP14 balance-due notice.

The rules are small pure functions; `cp14.api` is the one surface that the
command line, the browser worker and the tests call (plain dict in, plain dict out).
This is general information, not tax advice.
"""

__version__ = "0.1.0"
