"""Where Debian's Chromium is and how tests and the benchmark start it.

The flags keep a headless Chromium from reaching out to Google's services at
start-up (this matters on machines with a closed network).
"""

import os

CHROMIUM = os.environ.get("CP14_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
