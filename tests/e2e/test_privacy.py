"""What the tools keep, in headless Chromium with the back/forward cache on (as in a
reader's browser; Playwright turns it off unless told, see tests/conftest.py).

The site shares its origin with every other project site of its owner, so nothing
that identifies the reader (name, address, phone, SSN digits, free text) may be
written to any storage: sessionStorage, localStorage, Cache Storage, IndexedDB or
cookies. Dates, amounts and choices may be kept for the tab, for an hour, with
"Clear my answers" on every tool page. Back brings every answer back when the
browser kept the page whole (its back/forward cache), and the ones that identify
no one otherwise.
"""

from __future__ import annotations

import json
import re

import pytest
from e2ekit import LOAD_TIMEOUT_MS, tab_to, type_into, wait_ready
from playwright.sync_api import expect

from cp14 import api

pytestmark = pytest.mark.browser

LIVE = "[data-role=live-letter]"
PREVIEW = "[data-role=letter-preview]"
# Answers that identify the reader, each unlike anything else on the page.
SECRETS = {
    "name": "Zelda Quixotic",
    "spouse_name": "Yorick Quixotic",
    "address": "77 Hidden Orchard Lane\nSecretville, ZZ 00077",
    "phone": "(555) 867-5309",
    "ssn_last4": "8642",
    "spouse_ssn_last4": "9753",
}
FREE = "Xylophone-Kumquat"  # put into every free-text field
# Recorded by the page: whether it came from the back/forward cache.
PAGESHOW = "addEventListener('pageshow', (e) => { window.__fromCache = e.persisted; });"

# Everything every kind of storage of this origin holds, as one text.
DUMP = """async () => {
  const out = [];
  out.push(JSON.stringify(Object.entries(sessionStorage)));
  out.push(JSON.stringify(Object.entries(localStorage)));
  out.push(document.cookie);
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      out.push(request.url);
      const response = await cache.match(request);
      out.push(JSON.stringify([...response.headers]));
      out.push(new TextDecoder().decode(await response.arrayBuffer()));
    }
  }
  const dbs = indexedDB.databases ? await indexedDB.databases() : [];
  out.push(JSON.stringify(dbs));
  return out.join("\\n");
}"""


def fill_every_field(page, kind: str) -> None:
    """Every question of one kind of letter, with the identifying ones given SECRETS
    and every free-text answer FREE."""
    page.check(f"#kind-{kind}")
    page.check("#f-joint-1")
    boxes = ["reasons", "not_applied_issue"] if kind == "dispute" else ["grounds", "penalty_type"]
    for name in boxes:
        for box in page.locator(f"[name={name}]").all():
            if box.get_attribute("type") == "checkbox":
                box.check()
    if kind == "dispute":
        page.check("[name=not_applied_issue][value=other_year]")
    else:
        page.check("[name=penalty_type][value=other]")
    for spec in api.call("letter_fields", {"kind": kind})["fields"]:
        control = page.locator(f"#f-{spec['name']}")
        if not control.count() or not control.is_visible():
            continue
        if spec["name"] in SECRETS:
            control.fill(SECRETS[spec["name"]])
        elif spec["type"] in ("text", "long_text", "address", "list"):
            control.fill(f"{FREE} {spec['name']}"[: spec.get("max_length") or 100])
        elif spec["type"] == "date":
            control.fill("2026-03-16")
        elif spec["type"] == "money":
            control.fill("123.45")
        elif spec["type"] == "year":
            control.fill("2024")
    page.locator("#f-name").press("Tab")
    expect(page.locator(LIVE)).to_contain_text(SECRETS["name"], timeout=LOAD_TIMEOUT_MS)


def assert_nothing_identifying(page, context) -> None:
    kept = page.evaluate(DUMP)
    kept += json.dumps(context.cookies())
    for what, value in {**SECRETS, "free text": FREE}.items():
        for part in value.split("\n"):
            # Four digits on their own, not inside a longer number (a time stamp
            # such as 1796256586420 in a cached copy's headers is no SSN).
            found = re.compile(rf"(?<!\d){re.escape(part)}(?!\d)").search(kept)
            assert found is None, f"{what} ({part!r}) is kept in the browser's storage"
        if what.endswith("ssn_last4"):
            assert f"XXX-XX-{value}" not in kept, what


@pytest.mark.parametrize("service_workers", ["allow"])
@pytest.mark.parametrize("kind", ["dispute", "penalty-relief"])
def test_nothing_that_identifies_you_is_stored_anywhere(tool_page, base_url, kind):
    """Every field filled in, the letter downloaded and printed, the page left and
    come back to: no storage holds a name, an address, a phone number, SSN digits
    or free text (the service worker is on: its caches are checked too)."""
    page = tool_page
    page.goto(base_url + "tools/letter/")
    wait_ready(page)
    page.wait_for_selector("html[data-cp14-offline=tool]", state="attached")
    fill_every_field(page, kind)
    assert_nothing_identifying(page, page.context)
    with page.expect_download():
        page.locator("[data-action=download]").click()
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.goto(base_url + "dispute/")  # leaving keeps the tool's files, not the answers
    page.wait_for_selector("html[data-cp14-offline]", state="attached")
    assert_nothing_identifying(page, page.context)
    # What is kept is what identifies no one: a date, an amount, the choices.
    kept = json.loads(page.evaluate("sessionStorage.getItem('cp14:answers')"))
    values = kept["values"]
    assert values["letter.notice_date"] == "2026-03-16"
    assert values["letter.amount_due"] == "123.45"
    assert values.get("letter.kind", ["dispute"]) == [kind]  # the first is chosen already
    assert not [k for k in values if k.split(".", 1)[1] in SECRETS], values


def test_a_guide_page_comes_back_from_the_back_forward_cache(bfcache_context, base_url):
    """The cache these tests rely on is on."""
    bfcache_context.add_init_script(PAGESHOW)
    page = bfcache_context.new_page()
    page.goto(base_url + "pay/")
    page.evaluate("window.__mark = 'still here'")
    page.goto(base_url + "glossary/")
    page.go_back(wait_until="commit")
    page.wait_for_function("() => window.__fromCache === true")
    assert page.evaluate("window.__mark") == "still here"


@pytest.mark.parametrize("service_workers", ["block", "allow"])
def test_back_to_the_letter_keeps_every_answer(bfcache_context, base_url):
    """The letter page comes back whole from the back/forward cache: every answer,
    the live letter and the running tool (nothing on the page keeps it out: the
    service worker answers a page only on a channel the page opens, and not when
    it is leaving)."""
    bfcache_context.add_init_script(PAGESHOW)
    page = bfcache_context.new_page()
    page.on("dialog", lambda d: d.accept())
    page.goto(base_url + "tools/letter/#q-kind")
    wait_ready(page)
    type_into(page, "#f-name", "Maria Example")
    type_into(page, "#f-ssn_last4", "4321")
    tab_to(page, "#f-reasons-0")
    page.keyboard.press("Space")
    type_into(page, "#f-paid_amount", "1234.56")
    expect(page.locator(LIVE)).to_contain_text("Maria Example")
    page.wait_for_selector("[data-cp14-tool][data-settled]", state="attached")
    page.locator('.md-content a[href="../../dispute/"]').first.click()
    page.wait_for_url("**/dispute/")
    page.go_back(wait_until="commit")
    page.wait_for_function("() => window.__fromCache === true")
    reasons = page.evaluate(
        "JSON.parse(JSON.stringify(performance.getEntriesByType('navigation')[0]"
        ".notRestoredReasons))"
    )
    assert reasons is None, reasons
    for field, value in (
        ("name", "Maria Example"),
        ("ssn_last4", "4321"),
        ("paid_amount", "1234.56"),
    ):
        expect(page.locator(f"#f-{field}")).to_have_value(value)
    expect(page.locator("#f-reasons-0")).to_be_checked()
    expect(page.locator("[data-cp14-tool]")).to_have_attribute("data-state", "ready")
    page.locator("#f-name").press("End")
    page.keyboard.type(" Jr")
    expect(page.locator(LIVE)).to_contain_text("Maria Example Jr")


def test_back_without_the_cache_keeps_only_what_identifies_no_one(bfcache_context, base_url):
    """When the browser cannot keep the page (here: a message to it on a
    BroadcastChannel while it is in the back/forward cache, which throws it out),
    Back loads it afresh: the dates, amounts and choices come back, the name and SSN
    digits do not."""
    bfcache_context.add_init_script(PAGESHOW)
    page = bfcache_context.new_page()
    page.on("dialog", lambda d: d.accept())
    page.goto(base_url + "tools/letter/#q-kind")
    wait_ready(page)
    type_into(page, "#f-name", "Maria Example")
    type_into(page, "#f-ssn_last4", "4321")
    page.locator("#f-notice_date").fill("2026-03-16")
    tab_to(page, "#f-reasons-0")
    page.keyboard.press("Space")
    type_into(page, "#f-paid_amount", "1234.56")
    page.evaluate("window.__channel = new BroadcastChannel('cp14-test')")
    page.locator('.md-content a[href="../../dispute/"]').first.click()
    page.wait_for_url("**/dispute/")
    page.evaluate("new BroadcastChannel('cp14-test').postMessage('out of the cache')")
    page.go_back()
    wait_ready(page)
    assert page.evaluate("window.__fromCache") is False
    expect(page.locator("#f-notice_date")).to_have_value("2026-03-16")
    expect(page.locator("#f-reasons-0")).to_be_checked()
    expect(page.locator("#f-paid_amount")).to_have_value("1234.56")
    expect(page.locator("#f-paid_amount")).to_be_visible()
    expect(page.locator("#f-name")).to_have_value("")
    expect(page.locator("#f-ssn_last4")).to_have_value("")
    expect(page.locator(LIVE)).to_contain_text("$1,234.56")


@pytest.mark.parametrize("tool", ["letter", "deadlines", "plan"])
def test_clear_my_answers_on_every_tool_page(tool_page, base_url, tool):
    page = tool_page
    page.goto(base_url + f"tools/{tool}/")
    wait_ready(page)
    field = {"letter": "#f-amount_due", "deadlines": "#f-amount", "plan": "#f-balance"}[tool]
    page.locator("#f-notice_date").fill("2026-03-16")
    page.locator(field).fill("2450.17")
    page.wait_for_function(
        "() => (sessionStorage.getItem('cp14:answers') || '').includes('2450.17')"
    )
    box = page.locator("[data-role=keep]")
    expect(box).to_be_visible()
    expect(box).to_contain_text("for an hour")
    tab_to(page, "[data-action=clear-answers]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-role=clear-status]")).to_contain_text("cleared")
    assert page.evaluate("sessionStorage.getItem('cp14:answers')") is None
    expect(page.locator(field)).to_have_value("")
    expect(page.locator("#f-notice_date")).to_have_value("")
    page.reload()
    wait_ready(page)
    expect(page.locator(field)).to_have_value("")


def test_downloading_the_letter_offers_to_clear(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "tools/letter/#q-kind")
    wait_ready(page)
    page.locator("#f-amount_due").fill("2450.17")
    type_into(page, "#f-name", "Maria Example")
    expect(page.locator(LIVE)).to_contain_text("Maria Example")
    with page.expect_download():
        page.locator("[data-action=download]").click()
    offer = page.locator("[data-role=clear-offer]")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("clear your answers")
    offer.get_by_role("button", name="Clear my answers").click()
    expect(page.locator("#f-name")).to_have_value("")
    expect(page.locator("#f-amount_due")).to_have_value("")
    assert page.evaluate("sessionStorage.getItem('cp14:answers')") is None
    expect(offer).to_have_count(0)
    assert page.evaluate("document.activeElement.dataset.action") == "clear-answers"
    # Printing offers it too (the browser's own print command included).
    page.locator("#f-amount_due").fill("99.00")
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator("[data-role=clear-offer]")).to_be_visible()


def test_kept_answers_expire_and_nothing_planted_is_used(tool_page, base_url):
    """An hour after the last change nothing comes back; a store written by another
    page of this origin (a sibling site in the same tab) cannot put anything into a
    field that is not kept, nor anything but a short plain value into one that is."""
    page = tool_page
    page.goto(base_url + "tools/deadlines/")
    wait_ready(page)
    page.locator("#f-notice_date").fill("2026-03-16")
    page.wait_for_function("() => !!sessionStorage.getItem('cp14:answers')")
    page.evaluate(
        """() => { const s = JSON.parse(sessionStorage.getItem('cp14:answers'));
                   s.expires = Date.now() - 1;
                   sessionStorage.setItem('cp14:answers', JSON.stringify(s)); }"""
    )
    page.reload()
    wait_ready(page)
    expect(page.locator("#f-notice_date")).to_have_value("")
    assert page.evaluate("sessionStorage.getItem('cp14:answers')") is None

    planted = {
        "letter.name": "Mallory Planted",
        "letter.amount_due": "<img src=x onerror=window.__pwned=1>",
        "letter.tax_year": "9" * 500,
        "letter.reasons": {"not": "a list"},
        "letter.notice_date": "2026-03-16",
    }
    page.evaluate(
        """(values) => sessionStorage.setItem('cp14:answers',
             JSON.stringify({expires: Date.now() + 30 * 60 * 1000, values}))""",
        planted,
    )
    page.goto(base_url + "tools/letter/")
    wait_ready(page)
    expect(page.locator("#f-notice_date")).to_have_value("2026-03-16")
    expect(page.locator("#f-name")).to_have_value("")
    expect(page.locator("#f-tax_year")).to_have_value("")
    expect(page.locator("#f-amount_due")).to_have_value(planted["letter.amount_due"])
    # Shown as the text it is: cp14 says it is not an amount, and nothing ran.
    expect(page.locator("#f-amount_due-error")).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img[src=x]").count() == 0
    # An expiry further off than an hour is not the site's: dropped.
    page.evaluate(
        """(values) => sessionStorage.setItem('cp14:answers',
             JSON.stringify({expires: Date.now() + 10 * 24 * 3600 * 1000, values}))""",
        {"letter.notice_date": "2026-03-16"},
    )
    page.reload()
    wait_ready(page)
    expect(page.locator("#f-notice_date")).to_have_value("")


def test_answers_from_an_older_version_are_removed(tool_page, base_url):
    """Earlier versions kept the whole form (names included) under cp14:letter."""
    page = tool_page
    page.goto(base_url + "about/")
    page.evaluate("sessionStorage.setItem('cp14:letter', JSON.stringify({name: ['Old Name']}))")
    page.goto(base_url + "tools/letter/")
    wait_ready(page)
    expect(page.locator("#f-name")).to_have_value("")
    assert page.evaluate("sessionStorage.getItem('cp14:letter')") is None
