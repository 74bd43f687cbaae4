"""Where Debian's Chromium is and how tests and the benchmark start it.

The flags keep a headless Chromium from reaching out to Google's services at
start-up (this matters on machines with a closed network).

Recent Chromium (headless included) also builds its address-bar pop-up, a web
page of its own, in a renderer at start-up: about two seconds of one CPU. A
reader's browser did that long before they opened our page, but the benchmark and
the tests start a fresh browser for every visit, so on a two-CPU machine that
start-up would compete with the page being measured. The --disable-features flag
turns it off (all four names are needed; any one alone leaves the pop-up on).
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
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,"
    "PreloadTopChromeWebUI",
]
