"""Write my letter, end to end in headless Chromium, filled in with the keyboard only.

For each kind of letter: tab through the form, type the facts, wait for the live
preview (rendered by cp14 in Pyodide, in the worker), check the letter says what was
typed, print it to PDF and read the PDF back, and check that a wrong answer gets a
message next to its field that screen readers announce. Privacy: every request while
the page loads is same-origin, and making, copying and downloading the letter sends
none at all.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from e2ekit import (
    LOAD_TIMEOUT_MS,
    origin_of,
    printed_pages,
    tab_to,
    type_date,
    type_into,
    wait_ready,
)
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser

PREVIEW = "[data-role=letter-preview]"
LIVE = "[data-role=live-letter]"


def open_letter(page, base_url: str) -> None:
    # The fragment sets where sequential focus navigation (Tab) starts.
    page.goto(base_url + "tools/letter/#q-kind")
    wait_ready(page)
    page.wait_for_selector(f"{PREVIEW}[data-live=true]", timeout=LOAD_TIMEOUT_MS)


def preview_text(page) -> str:
    return page.locator(LIVE).inner_text()


def expect_preview(page, *facts: str) -> None:
    for fact in facts:
        expect(page.locator(LIVE)).to_contain_text(fact, timeout=LOAD_TIMEOUT_MS)


def pdf_text(page) -> tuple[str, list]:
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]
    # Without any whitespace: PDF text extraction breaks lines wherever the page did.
    return "".join(text.split()), sizes


def squash(text: str) -> str:
    return "".join(text.split())


def assert_error_next_to(page, field: str, words: str) -> None:
    control = page.locator(f"#f-{field}")
    error = page.locator(f"#f-{field}-error")
    expect(error).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(error).to_contain_text(words)
    assert error.get_attribute("role") == "alert"
    assert control.get_attribute("aria-invalid") == "true"
    assert f"f-{field}-error" in (control.get_attribute("aria-describedby") or "").split()
    # The message sits in the same field box as the control it is about.
    assert page.locator(f"[data-field={field}]").locator(f"#f-{field}-error").count() == 1


def test_dispute_letter_by_keyboard(tool_page, base_url, recorder):
    page = tool_page
    open_letter(page, base_url)
    status = page.locator("[data-role=status]")
    assert status.get_attribute("aria-live") == "polite"
    expect(status).to_contain_text("Ready")
    origin = origin_of(base_url)
    loaded = recorder.take()
    assert loaded and all(origin_of(u) == origin for u in loaded), loaded

    tab_to(page, "#kind-dispute")  # already chosen
    type_into(page, "#f-name", "Maria Example")
    tab_to(page, "#f-address")
    page.keyboard.type("12 Oak Street")
    page.keyboard.press("Enter")
    page.keyboard.type("Springfield, IL 62701")
    type_into(page, "#f-ssn_last4", "4321")
    type_date(page, "#f-notice_date", "2026-03-16")
    type_into(page, "#f-tax_year", "2024")
    type_into(page, "#f-amount_due", "1234.56")
    tab_to(page, "#f-irs_address")
    page.keyboard.type("Internal Revenue Service")
    page.keyboard.press("Enter")
    page.keyboard.type("Kansas City, MO 64999-0025")
    tab_to(page, "#f-reasons-0")
    page.keyboard.press("Space")  # I already paid: its questions appear
    expect(page.locator("#f-paid_date")).to_be_visible()
    type_date(page, "#f-paid_date", "2026-04-01")
    type_into(page, "#f-paid_amount", "1234.56")
    tab_to(page, "[name=paid_method]")
    page.keyboard.press("ArrowDown")  # the second choice: IRS Direct Pay
    type_into(page, "#f-paid_reference", "CONF-778899")
    type_date(page, "#f-letter_date", "2026-04-20")
    # What would prove the payment is advice under the envelope question; the letter
    # lists only what is ticked.
    advice = page.locator("[data-field=enclosures] [data-role=field-advice]")
    expect(advice).to_contain_text("IRS Direct Pay confirmation", timeout=LOAD_TIMEOUT_MS)
    tab_to(page, "[name=enclosures][value=payment_proof]")
    page.keyboard.press("Space")

    expect_preview(
        page,
        "Maria Example",
        "12 Oak Street",
        "Springfield, IL 62701",
        "XXX-XX-4321",
        "March 16, 2026",
        "$1,234.56",
        "Kansas City, MO 64999-0025",
        "IRS Direct Pay",
        "CONF-778899",
        "April 20, 2026",
    )
    assert "[Your name]" not in preview_text(page)
    expect(page.locator("[data-role=enclosures]")).to_have_text(
        "Proof of the payment of $1,234.56 made on April 1, 2026"
    )
    expect(page.locator("[data-role=mail-to]")).to_contain_text("Kansas City, MO")

    # Print: only the letter, on US Letter paper.
    text, sizes = pdf_text(page)
    for fact in ("Maria Example", "Dear Sir or Madam", "CONF-778899", "XXX-XX-4321"):
        assert squash(fact) in text, fact
    assert squash("Your answers") not in text and squash("How do I send it") not in text
    assert set(sizes) == {(612, 792)}

    # Copy and download: made in the page, so no request at all.
    page.wait_for_load_state("networkidle")
    recorder.take()
    tab_to(page, "[data-action=copy]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-role=action-status]")).to_contain_text("copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Maria Example" in copied and "XXX-XX-4321" in copied
    tab_to(page, "[data-action=download]")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "cp14-dispute-letter.txt"
    saved = Path(download.path()).read_text(encoding="utf-8")
    assert saved == copied
    assert "Maria Example" in saved and "Dear Sir or Madam:" in saved
    sent = [u for u in recorder.take() if u.startswith(("http:", "https:"))]
    assert sent == [], sent
    assert recorder.problems == [], recorder.problems


def test_penalty_relief_letter_by_keyboard(tool_page, base_url, recorder):
    page = tool_page
    open_letter(page, base_url)
    origin = origin_of(base_url)

    tab_to(page, "#kind-dispute")
    page.keyboard.press("ArrowDown")  # I want a penalty removed
    expect(page.locator("#f-penalty_amount")).to_be_visible()
    expect(page.locator("#f-reasons-0")).to_be_hidden()
    type_into(page, "#f-name", "Lee Sample")

    # A wrong answer: the message appears next to the field when you leave it.
    type_into(page, "#f-ssn_last4", "12")
    page.keyboard.press("Tab")
    assert_error_next_to(page, "ssn_last4", "4 digits")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("9876")
    page.keyboard.press("Tab")
    expect(page.locator("#f-ssn_last4-error")).to_be_hidden(timeout=LOAD_TIMEOUT_MS)
    assert page.locator("#f-ssn_last4").get_attribute("aria-invalid") is None

    tab_to(page, "[name=joint]")
    page.keyboard.press("ArrowDown")  # Yes, a joint return
    type_into(page, "#f-spouse_name", "Kim Sample")
    type_into(page, "#f-spouse_ssn_last4", "5555")
    type_date(page, "#f-notice_date", "2025-06-16")
    type_into(page, "#f-tax_year", "2024")
    type_into(page, "#f-amount_due", "abc")
    page.keyboard.press("Tab")
    assert_error_next_to(page, "amount_due", "dollar amount")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2597.12")
    tab_to(page, "[name=penalty_type]")
    page.keyboard.press("Space")  # failure-to-pay penalty
    type_into(page, "#f-penalty_amount", "38.25")
    tab_to(page, "#f-grounds-0")
    page.keyboard.press("Space")  # first-time relief
    tab_to(page, "#f-grounds-1")
    page.keyboard.press("Space")  # reasonable cause: its questions appear
    tab_to(page, "[name=cause]")
    page.keyboard.press("Space")  # a serious illness
    type_into(page, "#f-cause_facts", "I was in the hospital from February to April.")
    type_date(page, "#f-cause_start", "2025-02-03")
    type_date(page, "#f-letter_date", "2025-07-01")

    expect_preview(
        page,
        "Lee Sample",
        "Kim Sample",
        "XXX-XX-9876",
        "XXX-XX-5555",
        "June 16, 2025",
        "$2,597.12",
        "$38.25",
        "I was in the hospital from February to April.",
        "July 1, 2025",
    )
    expect(page.locator("#f-amount_due-error")).to_be_hidden()
    text, sizes = pdf_text(page)
    for fact in ("Lee Sample", "Kim Sample", "$38.25", "hospital from February to April"):
        assert squash(fact) in text, fact
    assert set(sizes) == {(612, 792)}
    assert all(origin_of(u) == origin for u in recorder.requests if u.startswith("http"))
    assert recorder.problems == [], recorder.problems


# The written-out answers of each blank letter, and the lines each needs at least.
BLANK_ROOM = {
    "dispute": {
        "Your street address, then city, state and ZIP code": 3,
        "Use the IRS address printed on your notice": 3,
        "Explain why the balance on the notice is wrong.": 3,
        "List what you put in the envelope": 3,
    },
    "penalty-relief": {
        "Your street address, then city, state and ZIP code": 3,
        "Use the IRS address printed on your notice": 3,
        "Explain why the penalty should be removed.": 3,
        "List what you put in the envelope": 3,
    },
}


@pytest.mark.parametrize("kind", ["dispute", "penalty-relief"])
def test_without_javascript_the_blank_letter_prints_for_a_pen(browser, base_url, kind):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/letter/")
        expect(page.locator("noscript").first).to_be_attached()
        if kind != "dispute":
            page.locator("label[for=kind-penalty-relief]").click()
        blank = page.locator(f".cp14-blank[data-blank={kind}]")
        expect(blank).to_be_visible()
        expect(blank).to_contain_text("[Your name]")  # on screen: the highlighted blank
        other = "penalty-relief" if kind == "dispute" else "dispute"
        expect(page.locator(f".cp14-blank[data-blank={other}]")).to_be_hidden()
        pdf = page.pdf(prefer_css_page_size=True, print_background=False)
        pages = printed_pages(pdf)
        assert len(pages) == 1, [p.text for p in pages]
        sheet = pages[0]
        assert "Dear Sir or Madam:" in sheet.text and "Your answers" not in sheet.text
        body = sheet.line("Dear Sir or Madam:")[2]
        # Each answer of several lines: at least three full-width lines to write on,
        # with its instruction in small type under them (no brackets on paper).
        for hint, least in BLANK_ROOM[kind].items():
            _, text, size = sheet.line(hint)
            assert "[" not in text and size < 0.8 * body, (hint, text, size, body)
            assert sheet.rules_above(hint, min_width=300) >= least, (hint, sheet.rules)
        # A short answer: one short line, its instruction under it.
        for hint in ("Date", "Your name"):
            assert sheet.rules_above(hint) == 1, hint
    finally:
        ctx.close()


def test_without_webassembly_the_page_says_so(browser, base_url):
    ctx = browser.new_context(service_workers="block")
    ctx.add_init_script("delete globalThis.WebAssembly;")
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/letter/")
        page.wait_for_selector("[data-cp14-tool][data-state=failed]")
        expect(page.locator("[data-role=status]")).to_contain_text("blank letter")
        expect(page.locator(".cp14-blank[data-blank=dispute]")).to_be_visible()
        expect(page.locator("[data-action=print]")).to_be_visible()
    finally:
        ctx.close()


def test_when_python_cannot_load_the_page_falls_back(browser, base_url):
    ctx = browser.new_context(service_workers="block")
    ctx.route("**/pyodide.asm.wasm*", lambda route: route.abort())
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/letter/")
        page.wait_for_selector("[data-cp14-tool][data-state=failed]", timeout=LOAD_TIMEOUT_MS)
        expect(page.locator("[data-role=status]")).to_contain_text("fill it in by hand")
        expect(page.locator(".cp14-blank[data-blank=dispute]")).to_be_visible()
    finally:
        ctx.close()


def started_from_memory(page) -> bool:
    detail = page.evaluate("() => performance.getEntriesByName('cp14:ready')[0].detail")
    return detail["fromMemory"]


def test_python_starts_from_the_memory_image(tool_page, base_url, recorder):
    """On a fast link (loopback) the worker takes the image; it is downloaded once
    (its first request only asks the cache, which has nothing yet, and fails)."""
    finished = []
    tool_page.context.on(
        "requestfinished",
        lambda r: finished.append(r.url) if r.url.endswith("/letter.memory.gz") else None,
    )
    open_letter(tool_page, base_url)
    assert started_from_memory(tool_page) is True
    assert len(finished) == 1, finished
    expect(tool_page.locator(LIVE)).to_contain_text("[Your name]")
    assert not recorder.problems, recorder.problems


@pytest.mark.parametrize("damage", ["missing", "altered"])
def test_without_a_good_memory_image_python_starts_from_scratch(browser, base_url, damage):
    """A missing image, or one that fails its integrity check, only costs time."""
    ctx = browser.new_context(service_workers="block")
    if damage == "missing":
        ctx.route("**/letter.memory.gz", lambda route: route.abort())
    else:
        junk = b"\x1f\x8b" + b"x" * 64
        ctx.route("**/letter.memory.gz", lambda route: route.fulfill(body=junk))
    page = ctx.new_page()
    try:
        open_letter(page, base_url)
        assert started_from_memory(page) is False
        type_into(page, "#f-name", "Dana Whitfield")
        expect(page.locator(LIVE)).to_contain_text("Dana Whitfield")
    finally:
        ctx.close()


def test_a_payment_entered_twice_gets_a_warning(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    for value in ("already_paid", "not_applied"):
        tab_to(page, f"[name=reasons][value={value}]")
        page.keyboard.press("Space")
    type_date(page, "#f-paid_date", "2026-01-15")
    type_into(page, "#f-paid_amount", "500")
    type_date(page, "#f-not_applied_date", "2026-01-15")
    type_into(page, "#f-not_applied_amount", "500.00")
    advice = page.locator("[data-role=advice]")
    expect(advice).to_contain_text("the same payment twice: $500.00 on January 15, 2026")
    # A different date: two payments, no warning.
    tab_to(page, "#f-not_applied_date")
    page.keyboard.type("01162026")
    expect(advice).not_to_contain_text("the same payment twice")
