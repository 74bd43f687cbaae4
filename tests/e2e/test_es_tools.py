"""The three tools in Spanish (es/tools/), end to end in headless Chromium: each page
starts with the site's one runtime and asks cp14 for Spanish, its forms and the
browser's own words are Spanish, dates read "7 de diciembre de 2026", errors show
beside their fields in Spanish, the deadline and plan pages work by keyboard alone,
axe finds nothing in light and dark, printing the dates gives one page, the letter
comes with its copy to read (printed on its own), a refused file is explained in
Spanish, and nothing that identifies the reader is stored.

The core's own words (results, field titles from cp14.api) come from the core's
catalogs; where those are not translated yet, they are English, and these tests do
not look at them.
"""

from __future__ import annotations

import json

import pytest
from e2ekit import AXE, LOAD_TIMEOUT_MS, axe, hold_wasm, origin_of, printed_pages, wait_ready
from playwright.sync_api import expect
from test_privacy import assert_nothing_identifying, fill_every_field

pytestmark = pytest.mark.browser

RESULTS = "[data-role=results]"
TOOLS = ("letter", "deadlines", "plan")
# What the page asks of the worker: every call, recorded before the page posts it.
RECORD_CALLS = """
(() => {
  const post = Worker.prototype.postMessage;
  window.__cp14Calls = [];
  Worker.prototype.postMessage = function (msg, ...rest) {
    if (msg && msg.type === "call") window.__cp14Calls.push(JSON.parse(JSON.stringify(msg)));
    return post.call(this, msg, ...rest);
  };
})();
"""
# Words each Spanish form shows (and the English ones it must not).
SPANISH = {
    "letter": ["¿Qué carta necesita?", "Sus respuestas", "Su carta", "Imprimir", "(opcional)"],
    "deadlines": ["Su aviso", "Fecha del aviso", "Mostrar mis fechas", "Sus fechas"],
    "plan": ["Su factura y su presupuesto", "Comparar mis opciones", "Sus opciones"],
}
ENGLISH = ["(optional)", "(required)", "Try again", "Clear my answers", "Your answers"]
# A notice of November 16, 2026: 21 days to pay, to Monday, December 7, 2026.
NOTICE = "2026-11-16"
PAY_BY = "7 de diciembre de 2026"


def form_text(page) -> str:
    return page.locator(".cp14-form").inner_text()


@pytest.mark.parametrize("tool", TOOLS)
def test_each_spanish_tool_page_starts_and_asks_for_spanish(tool_page, base_url, recorder, tool):
    page = tool_page
    page.add_init_script(RECORD_CALLS)
    page.goto(base_url + f"es/tools/{tool}/")
    assert page.evaluate("document.documentElement.lang") == "es"
    wait_ready(page)
    expect(page.locator("[data-role=status]")).to_contain_text("List")  # "Lista." / "Listo."
    text = form_text(page)
    for words in SPANISH[tool]:
        assert words in page.locator("[data-cp14-tool]").inner_text(), words
    for words in ENGLISH:
        assert words not in text, words
    # The translations are a data block, not a script: the page's policy holds.
    messages = json.loads(page.locator("#cp14-messages").text_content())
    assert messages["The calculator did not answer."] == "La calculadora no respondió."
    # The same runtime as the English page, from the site's root.
    english = page.context.new_page()
    english.goto(base_url + f"tools/{tool}/")
    same = "(s) => document.querySelector(s).dataset.runtime"
    runtime = page.evaluate(
        "(s) => new URL(document.querySelector(s).dataset.runtime, location).href",
        "[data-cp14-tool]",
    )
    assert runtime.endswith(english.evaluate(same, "[data-cp14-tool]").lstrip("./"))
    english.close()
    # Fill something in, so that a call goes out: every call says lang "es".
    if tool == "plan":
        page.fill("#f-balance", "12000")
        page.fill("#f-notice_date", NOTICE)
        page.fill("#f-monthly", "500")
        expect(page.locator(RESULTS)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        expect(page.locator(RESULTS)).to_contain_text("Mes a mes")
    elif tool == "deadlines":
        page.fill("#f-notice_date", NOTICE)
        expect(page.locator(RESULTS)).to_contain_text(PAY_BY, timeout=LOAD_TIMEOUT_MS)
    else:
        page.fill("#f-name", "Maria Example")
        expect(page.locator("[data-role=live-letter]")).to_contain_text(
            "Maria Example", timeout=LOAD_TIMEOUT_MS
        )
    calls = page.evaluate("window.__cp14Calls")
    assert calls, "no call was made"
    assert all(c["payload"].get("lang") == "es" for c in calls), calls
    origin = origin_of(base_url)
    elsewhere = [u for u in recorder.requests if origin_of(u) != origin and "data:" not in u[:5]]
    assert elsewhere == []
    assert recorder.problems == []


def test_the_spanish_deadlines_say_the_date_in_spanish(tool_context, base_url):
    """Before Python (the page's own table of dates) and after (cp14's answer)."""
    let_go = hold_wasm(tool_context)
    page = tool_context.new_page()
    page.goto(base_url + "es/tools/deadlines/")
    page.fill("#f-notice_date", NOTICE)
    page.fill("#f-amount", "2450.17")
    early = page.locator("[data-role=early]")
    expect(early).to_contain_text(PAY_BY)
    expect(early).to_contain_text("Pague la cantidad completa a más tardar el")
    expect(early).to_contain_text("Una primera respuesta")
    summary = page.locator("[data-role=summary]")
    expect(summary).to_contain_text(f"Pague a más tardar el lunes, {PAY_BY}.")
    let_go()
    wait_ready(page)
    results = page.locator(RESULTS)
    expect(results).to_contain_text("Imprimir mis fechas", timeout=LOAD_TIMEOUT_MS)
    expect(results).to_contain_text(f"lunes, {PAY_BY}")
    expect(results).to_contain_text("¿Qué puedo hacer ahora?")
    expect(results).to_contain_text("¿Qué suele enviar el IRS después?")
    page.close()


def test_spanish_errors_show_beside_their_fields(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "es/tools/deadlines/#cp14-form-title")
    wait_ready(page)
    page.locator(".cp14-form [type=submit]").click()
    error = page.locator("#f-notice_date-error")
    expect(error).to_contain_text("Fecha del aviso: falta esta fecha. Escríbala así:")
    field = page.locator("#f-notice_date")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    assert "f-notice_date-error" in (field.get_attribute("aria-describedby") or "")
    # Half a date is no date: the browser cannot read it, and the page says so.
    field.focus()
    page.keyboard.type("11")
    page.locator("#f-amount").focus()
    expect(error).to_contain_text("esa fecha no existe o no está completa")


def fill_results(page, tool: str) -> None:
    if tool == "letter":
        page.fill("#f-name", "Maria Example")
        expect(page.locator("[data-role=live-letter]")).to_contain_text(
            "Maria Example", timeout=LOAD_TIMEOUT_MS
        )
    elif tool == "deadlines":
        page.fill("#f-notice_date", NOTICE)
        page.fill("#f-amount", "2450.17")
        page.fill("#f-payment_date", "2027-01-15")
        expect(page.locator(RESULTS)).to_contain_text(PAY_BY, timeout=LOAD_TIMEOUT_MS)
    else:
        page.fill("#f-balance", "12000")
        page.fill("#f-notice_date", NOTICE)
        page.fill("#f-tax", "10000")
        page.fill("#f-monthly", "500")
        expect(page.locator(RESULTS)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        page.locator(".cp14-schedule").evaluate_all("all => all.forEach((d) => { d.open = true; })")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("tool", TOOLS)
def test_no_axe_violations_in_spanish(browser, base_url, tool, scheme):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci`")
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
        color_scheme=scheme,
        reduced_motion="reduce",
    )
    page = ctx.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    try:
        page.goto(base_url + f"es/tools/{tool}/")
        before = axe(page)
        wait_ready(page)
        fill_results(page, tool)
        after = axe(page)
    finally:
        ctx.close()
    assert before == [], "\n".join(before)
    assert after == [], "\n".join(after)


RECORD_PRINT = (
    "() => { window.print = () => { window.__printed = document.documentElement.className; }; }"
)


def test_printing_the_spanish_dates_gives_one_page(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "es/tools/deadlines/")
    wait_ready(page)
    fill_results(page, "deadlines")
    page.evaluate(RECORD_PRINT)
    page.locator("[data-action=print-dates]").click()
    assert "cp14-print-dates" in page.evaluate("window.__printed")
    pages = printed_pages(page.pdf(prefer_css_page_size=True, print_background=False))
    assert len(pages) == 1, [p.text for p in pages]
    text = " ".join(pages[0].text.split())
    for fact in ("Pague la cantidad completa a más tardar el", PAY_BY, "Impreso el"):
        assert fact in text, fact
    for other in ("Mostrar mis fechas", "Imprimir mis fechas", "¿Cómo se calculan"):
        assert other not in text, other
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")


def test_printing_the_spanish_letter_prints_the_letter(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "es/tools/letter/")
    wait_ready(page)
    fill_results(page, "letter")
    pages = printed_pages(page.pdf(prefer_css_page_size=True, print_background=False))
    text = " ".join(" ".join(p.text for p in pages).split())
    assert "Maria Example" in text
    # The letter to mail is in English, as the IRS reads it.
    assert "Dear Sir or Madam:" in text
    # The form is not printed: only the letter (and what goes with it).
    assert "¿Qué carta necesita?" not in text
    # Nor the copy to read: the envelope gets the English letter alone.
    assert "Estimado señor o señora:" not in text
    assert "Esta copia es solo para leer" not in text


PARAGRAPHS = "el => [...el.querySelectorAll('p, address, li')].length"


def test_the_spanish_letter_comes_with_a_copy_to_read_paragraph_for_paragraph(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "es/tools/letter/")
    reading = page.locator(".cp14-reading")
    # Before Python: the blank letter's copy to read, for the chosen kind.
    expect(reading.locator(".cp14-reading-blank[data-reading-blank=dispute]")).to_be_visible()
    expect(reading.locator("[data-role=reading-note]")).to_contain_text("Anexo LEP")
    wait_ready(page)
    fill_results(page, "letter")
    live = page.locator("[data-role=live-reading]")
    expect(live).to_contain_text("Maria Example", timeout=LOAD_TIMEOUT_MS)
    expect(live).to_contain_text("Estimado señor o señora:")
    expect(reading.locator(".cp14-reading-blank").first).to_be_hidden()
    assert live.locator("article").get_attribute("lang") == "es"
    letter = page.locator("[data-role=live-letter]")
    assert letter.locator("article").get_attribute("lang") == "en"
    assert live.evaluate(PARAGRAPHS) == letter.evaluate(PARAGRAPHS) > 5
    # The other kind: its own copy follows the letter.
    page.check("#kind-penalty-relief")
    expect(live).to_contain_text("multa", timeout=LOAD_TIMEOUT_MS)
    assert live.evaluate(PARAGRAPHS) == letter.evaluate(PARAGRAPHS)


def test_printing_the_copy_to_read_prints_it_alone(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "es/tools/letter/")
    wait_ready(page)
    fill_results(page, "letter")
    expect(page.locator("[data-role=live-reading]")).to_contain_text("Maria Example")
    page.evaluate(RECORD_PRINT)
    page.locator("[data-action=print-reading]").click()
    assert "cp14-print-reading" in page.evaluate("window.__printed")
    pages = printed_pages(page.pdf(prefer_css_page_size=True, print_background=False))
    text = " ".join(" ".join(p.text for p in pages).split())
    assert "Estimado señor o señora:" in text and "Maria Example" in text
    assert "Esta copia es solo para leer" in text
    assert "Dear Sir or Madam:" not in text
    assert "¿Qué carta necesita?" not in text
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")


@pytest.mark.parametrize("service_workers", ["allow"])
def test_nothing_that_identifies_you_is_stored_from_a_spanish_page(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "es/tools/letter/")
    wait_ready(page)
    page.wait_for_selector("html[data-cp14-offline=tool]", state="attached")
    fill_every_field(page, "dispute")
    assert_nothing_identifying(page, page.context)
    with page.expect_download():
        page.locator("[data-action=download]").click()
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.goto(base_url + "es/dispute/")
    page.wait_for_selector("html[data-cp14-offline]", state="attached")
    assert_nothing_identifying(page, page.context)
    kept = json.loads(page.evaluate("sessionStorage.getItem('cp14:answers')"))
    assert kept["values"]["letter.notice_date"] == "2026-03-16"


def test_a_tampered_runtime_file_is_refused_in_spanish(browser, base_url):
    """The worker's own message (it has no catalog) comes in the page's language, with
    the file's name kept."""
    from test_tool_loading import page_settings, tamper

    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    try:
        page.goto(base_url + "es/tools/letter/")
        settings = page_settings(page)
        wait_ready(page)
        target = settings["transport"].get("pyodide-lock.json", "pyodide-lock.json")
        ctx.route(f"**/{target}", tamper)
        ctx.route("**/letter.memory.gz", lambda route: route.abort())
        page.reload()
        page.wait_for_selector("[data-cp14-tool][data-state=failed]", timeout=LOAD_TIMEOUT_MS)
        status = page.locator("[data-role=status]")
        expect(status).to_contain_text("La calculadora no pudo iniciarse")
        expect(status).to_contain_text(f"{target}: ")
        expect(status).to_contain_text("no coincide con su suma de comprobación")
        assert "does not match" not in status.inner_text()
        assert "checksum" not in status.inner_text()
    finally:
        ctx.close()


def test_the_spanish_deadlines_by_keyboard_with_the_calendar_in_spanish(tool_page, base_url):
    """The English page's keyboard path, in Spanish: cp14's own Spanish words on the
    page, an error tied to its field, and the calendar file's events in Spanish."""
    from datetime import date as day
    from pathlib import Path

    from e2ekit import tab_to, type_date, type_into

    from cp14 import api

    page = tool_page
    today = day.today().isoformat()
    page.goto(base_url + "es/tools/deadlines/#cp14-form-title")
    wait_ready(page)
    type_date(page, "#f-notice_date", NOTICE)
    type_into(page, "#f-amount", "12abc")
    page.keyboard.press("Tab")
    error = page.locator("#f-amount-error")
    expect(error).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    assert page.locator("#f-amount").get_attribute("aria-invalid") == "true"
    expected_error = api.call("deadlines", {"notice_date": NOTICE, "amount": "12abc", "lang": "es"})
    said = {e["field"]: e["message"] for e in expected_error["errors"]}
    expect(error).to_contain_text(said["amount"])
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2450.17")
    results = page.locator(RESULTS)
    expected = api.call(
        "deadlines", {"notice_date": NOTICE, "amount": "2450.17", "today": today, "lang": "es"}
    )
    expect(results).to_contain_text(expected["window"]["rule"], timeout=LOAD_TIMEOUT_MS)
    expect(error).to_be_hidden()
    for step in expected["timeline"]:
        expect(results).to_contain_text(step["title"])
    tab_to(page, "[data-action=calendar]")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    ics = Path(info.value.path()).read_text(encoding="utf-8")
    assert "LANGUAGE=es" in ics
    assert "DTSTART;VALUE=DATE:20261207" in ics


def test_the_spanish_plan_by_keyboard(tool_page, base_url):
    from e2ekit import type_date, type_into

    from cp14 import api

    page = tool_page
    page.goto(base_url + "es/tools/plan/#cp14-form-title")
    wait_ready(page)
    page.wait_for_selector("[data-cp14-tool][data-settled]", state="attached")
    type_into(page, "#f-balance", "12000")
    type_date(page, "#f-notice_date", NOTICE)
    type_into(page, "#f-tax", "10000")
    type_into(page, "#f-monthly", "500")
    results = page.locator(RESULTS)
    expect(results).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    form = {"online": "yes", "late_return": "no", "direct_debit": False, "low_income": False}
    expected = api.call(
        "plan",
        {"balance": "12000", "notice_date": NOTICE, "tax": "10000", "monthly": "500", **form}
        | {"lang": "es"},
    )
    assert "errors" not in expected
    for option in expected["options"]:
        card = results.locator(f".cp14-option[data-kind={option['kind']}]")
        expect(card.locator("h3")).to_have_text(option["title"], timeout=LOAD_TIMEOUT_MS)
        expect(card.locator(".cp14-verdict")).to_have_text(option["verdict"])


def test_printing_the_spanish_comparison_gives_its_options_in_spanish(tool_page, base_url):
    from cp14 import api

    page = tool_page
    page.goto(base_url + "es/tools/plan/")
    wait_ready(page)
    fill_results(page, "plan")
    form = {"online": "yes", "late_return": "no", "direct_debit": False, "low_income": False}
    answers = {"balance": "12000", "notice_date": NOTICE, "tax": "10000", "monthly": "500"}
    expected = api.call("plan", {**answers, **form, "lang": "es"})
    results = page.locator(RESULTS)
    expect(results.locator(".cp14-option[data-kind=long_term]")).to_contain_text(
        expected["options"][2]["summary"], timeout=LOAD_TIMEOUT_MS
    )
    page.evaluate(RECORD_PRINT)
    page.locator("[data-action=print-comparison]").click()
    assert "cp14-print-comparison" in page.evaluate("window.__printed")
    pages = printed_pages(page.pdf(prefer_css_page_size=True, print_background=False))
    assert len(pages) <= 2, [p.text for p in pages]
    text = " ".join(" ".join(p.text for p in pages).split())
    for option in expected["options"]:
        assert option["title"] in text and option["verdict"] in text, option["kind"]
    assert "Impreso el" in text
    assert "Comparar mis opciones" not in text  # the form stays off the paper
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
