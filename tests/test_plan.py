"""Payment plans (cp14.plan and the API's `plan` call): worked examples, limits, properties.

Rules the hand computations follow, cited where they are used:
- IRC 6601(e)(3): the full balance not paid within the notice window, interest
  runs from the notice date; IRC 6621/6622: at the quarter's rate, compounded
  daily, the daily rate being the annual rate / 365 (or 366).
- IRC 6651(a)(3), (b)(2): the penalty for a month is a rate times the tax unpaid
  at the start of that month; any part of a month counts; at most 25% in all.
- IRC 6651(h): 0.25% a month while an installment agreement is in effect (return
  filed on time), instead of 0.5%.
- Rev. Proc. 2002-26: a payment with no instructions goes to tax, then penalty,
  then interest.
- IRC 6159(f)(2): low income, no setup fee with automatic bank draft; otherwise
  the reduced fee, paid back when the plan is completed.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cp14 import api, facts
from cp14.facts import RateRow
from cp14.plan import (
    PenaltyTerms,
    fee_for,
    long_term_payments,
    payment_dates,
    schedule,
    short_term_payments,
    smallest_monthly,
)
from strategies import json_values

D = Decimal
TABLE = facts.rate_table()
PLAN = PenaltyTerms(regular=D("0.5"), during_plan=D("0.25"), cap=D("25"))
LATE = PenaltyTerms(regular=D("0.5"), during_plan=D("0.5"), cap=D("25"))
# A table whose only rate is 0%: isolates the penalty from interest.
NO_INTEREST = [RateRow(date(2018, 1, 1), D(0), "test: no interest", "confirmed")]


def cents(x: Decimal) -> Decimal:
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def daily(principal: Decimal, rate: str, days: int, year_days: int = 365) -> Decimal:
    """IRC 6622: principal x ((1 + r / year_days) ** days - 1), rounded to cents."""
    with localcontext() as ctx:
        ctx.prec = 40
        return cents(principal * ((1 + D(rate) / 100 / year_days) ** days - 1))


def call(**payload):
    return api.call("plan", payload)


def option(result, kind):
    return next(o for o in result["options"] if o["kind"] == kind)


# ---------------------------------------------------------------- worked examples


def test_worked_example_four_payments_the_last_one_smaller():
    """$3,000 of tax, notice of Monday, March 3, 2025; $1,000 a month from the pay-by date.

    Pay-by: 21 days later, Monday, March 24, 2025 (IRC 6601(e)(3)). All of 2025
    is at 7% (Rev. Rul. 2024-25, 2025-7, 2025-11), 365 days. The long-term
    plan's first payment is on March 24, so the plan is in effect for every
    penalty month (they begin March 25, April 25, ...): 0.25% (IRC 6651(h)).
    Online with bank draft on March 24, 2025: $22, the reduced fee in force from
    July 1, 2024 (IRM 5.14.1, Manual Transmittal of July 2, 2024); it was $31 before
    (T.D. 9798)."""
    r = call(
        balance="3000",
        tax="3000",
        notice_date="2025-03-03",
        monthly="1000",
        online=True,
        direct_debit=True,
    )
    assert r["pay_by"] == "2025-03-24"
    o = option(r, "long_term")
    assert o["eligible"] is True

    # Row 1, March 24: 21 days of interest on $3,000; no penalty month has begun.
    i1 = daily(D(3000), "7", 21)
    b1 = D(3000) + i1 - 1000  # tax left: 2,000 (Rev. Proc. 2002-26: tax first)
    # Row 2, April 24: 31 days (March 25 to April 24; April is also 7%).
    # Month 1 began March 25 on $2,000 of unpaid tax: 0.25% = $5.00.
    i2 = daily(b1, "7", 31)
    b2 = b1 + i2 + D("5.00") - 1000  # tax left: 1,000
    # Row 3, May 24: 30 days. Interest grows on the balance but not on the $5.00
    # penalty added after the notice: interest on a penalty runs only from the
    # notice that bills it (IRC 6601(e)(2)(A)). Month 2 began April 25 on $1,000: $2.50.
    i3 = daily(b2 - D("5.00"), "7", 30)
    b3 = b2 + i3 + D("2.50") - 1000  # tax left: 0, so no more penalty
    # Row 4, June 24: 31 days, on all but the $7.50 of new penalty; month 3 began
    # May 25 with no tax unpaid: no penalty.
    i4 = daily(b3 - D("7.50"), "7", 31)
    last = b3 + i4

    rows = o["schedule"]
    assert [x["date"] for x in rows] == ["2025-03-24", "2025-04-24", "2025-05-24", "2025-06-24"]
    assert [x["interest"] for x in rows] == [str(i) for i in (i1, i2, i3, i4)]
    assert [x["penalty"] for x in rows] == ["0.00", "5.00", "2.50", "0.00"]
    assert [x["fee"] for x in rows] == ["22.00", "0.00", "0.00", "0.00"]
    assert [x["balance"] for x in rows] == [str(b1), str(b2), str(b3), "0.00"]
    assert [x["payment"] for x in rows] == ["1000.00", "1000.00", "1000.00", str(last)]
    assert D(rows[-1]["payment"]) < 1000  # the last payment is smaller than the others
    assert o["months"] == 4 and o["last_payment_date"] == "2025-06-24"
    assert o["interest"] == str(i1 + i2 + i3 + i4)
    assert o["penalty"] == "7.50"
    assert o["setup_fee"] == "22.00"
    added = i1 + i2 + i3 + i4 + D("7.50") + 22
    assert o["total_added"] == str(added)
    assert o["total_paid"] == str(D(3000) + added)
    assert o["summary"] == (
        f"Paying $1,000 a month, you finish in June 2025 and pay about "
        f"${added.quantize(D(1), rounding=ROUND_HALF_UP):,} more than the balance, counting "
        "the $22 setup fee."
    )
    assert r["assumed_rate_days"] == 0
    assert {x["name"] for x in r["reported"]} <= {"installment_fee_online_direct_debit"}


def test_short_term_plan_keeps_the_regular_penalty_and_has_no_fee():
    """Same notice, $1,000 a month: the short-term plan (4 payments within 180 days).

    It is not an installment agreement, so the penalty stays at 0.5%
    (IRC 6651(a)(3)): $10.00 on $2,000, then $5.00 on $1,000."""
    r = call(balance="3000", tax="3000", notice_date="2025-03-03", monthly="1000")
    o = option(r, "short_term")
    assert o["eligible"] is True
    assert [x["penalty"] for x in o["schedule"]] == ["0.00", "10.00", "5.00", "0.00"]
    assert o["setup_fee"] == "0.00" and o["penalty_rate"] == "0.5"
    # The short-term plan's figures are in an IRS text (Tax Tip 2022-52): not "reported".
    assert not {"short_term_plan_days", "short_term_plan_fee"} & set(o["reported"])
    # Same interest path until the penalty differs; costs more penalty, no fee.
    long = option(r, "long_term")
    assert D(o["penalty"]) == 2 * D(long["penalty"])


def test_paying_by_the_pay_by_date_adds_nothing():
    # IRC 6601(e)(3) and the IRS CP14 page: paid in full within the window, no more interest.
    r = call(balance="2450.17", notice_date="2026-03-16", monthly="500")
    o = option(r, "pay_now")
    assert o["eligible"] and o["total_added"] == "0.00" and o["total_paid"] == "2450.17"
    assert o["last_payment_date"] == "2026-04-06"  # 21 days, a business day
    assert "nothing more" in o["summary"]


def test_paying_in_full_after_the_pay_by_date_costs_interest_and_penalty():
    # Start on May 24, 2025 (61 days after the notice): interest for 61 days at 7%;
    # penalty months begin March 25 and April 25: 2 x 0.5% x $3,000 = $30.
    r = call(balance="3000", tax="3000", notice_date="2025-03-03", start="2025-05-03", months=1)
    o = option(r, "pay_now")
    assert o["interest"] == str(daily(D(3000), "7", 61))
    assert o["penalty"] == "30.00"
    assert "before your start date" in o["why"]


def test_a_plan_that_pays_off_exactly_in_equal_payments():
    # No interest, no tax (so no penalty), no fee: $1,200 at $400 is three equal payments.
    s = schedule(
        balance=D(1200),
        tax=D(0),
        monthly=D(400),
        first_payment=date(2026, 1, 15),
        interest_from=date(2026, 1, 15),
        penalty_from=date(2026, 1, 15),
        plan_start=date(2026, 1, 15),
        max_payments=12,
        table=NO_INTEREST,
        penalty=PLAN,
    )
    assert s.finished and [r.payment for r in s.rows] == [D(400)] * 3
    assert [r.balance for r in s.rows] == [D(800), D(400), D(0)]
    assert s.total_added == 0 and s.total_paid == D(1200)


def test_months_mode_finds_the_payment_that_finishes_on_time():
    r = call(balance="3000", tax="3000", notice_date="2025-03-03", months=4, online=True)
    o = option(r, "long_term")
    assert o["months"] == 4 and o["last_payment_date"] == "2025-06-24"
    rows = o["schedule"]
    assert all(x["payment"] == o["monthly_payment"] for x in rows[:-1])
    assert D(rows[-1]["payment"]) <= D(o["monthly_payment"])
    # One cent less a month would not finish in 4 payments.
    less = D(o["monthly_payment"]) - D("0.01")
    again = call(balance="3000", tax="3000", notice_date="2025-03-03", monthly=str(less))
    assert option(again, "long_term")["months"] > 4


# ---------------------------------------------------------------- not finishing in time


def test_a_plan_that_would_not_finish_in_the_time_allowed_says_so_plainly():
    r = call(balance="50000", tax="45000", notice_date="2026-03-16", monthly="100")
    o = option(r, "long_term")
    assert o["eligible"] is False
    assert o["schedule"] == [] and o["total_paid"] is None  # no endless schedule
    assert "would not finish in time" in o["why"]
    assert "grow faster than you pay" in o["why"]
    need = D(o["minimum_monthly"])
    assert need == need.to_integral_value() and need > 100
    # The minimum finishes within 10 years; a dollar less does not.
    ok = option(
        call(balance="50000", tax="45000", notice_date="2026-03-16", monthly=str(need)), "long_term"
    )
    assert ok["eligible"] and ok["months"] <= 120
    short = call(balance="50000", tax="45000", notice_date="2026-03-16", monthly=str(need - 1))
    assert option(short, "long_term")["eligible"] is False


def test_months_beyond_the_time_allowed():
    # Simple Payment Plan: up to 10 years (IRS page), counted here from the notice date.
    base = {"balance": "20000", "notice_date": "2026-03-16"}
    assert option(call(**base, months=120), "long_term")["eligible"] is True
    late = option(call(**base, months=121), "long_term")
    assert late["eligible"] is False and "121 months is longer" in late["why"]
    assert late["minimum_monthly"] is not None


def test_the_25_percent_cap_over_a_long_plan():
    """$40,000 of tax, $300 a month, no interest, the plan rate 0.25% (IRC 6651(h)).

    Month n's penalty is 0.25% of the tax left after n payments (tax first):
    0.0025 x (40,000 - 300 n) = 100 - 0.75 n. The rates reach 25% after 100
    months (IRC 6651(a)): sum for n = 1..100 = 10,000 - 0.75 x 5,050 = 6,212.50.
    Month 101 still has tax unpaid, but the cap stops the penalty."""
    s = schedule(
        balance=D(40000),
        tax=D(40000),
        monthly=D(300),
        first_payment=date(2026, 1, 15),
        interest_from=date(2026, 1, 15),
        penalty_from=date(2026, 1, 15),
        plan_start=date(2026, 1, 15),
        max_payments=400,
        table=NO_INTEREST,
        penalty=PLAN,
    )
    assert s.penalty_capped
    assert s.penalty == D("6212.50")
    assert s.rows[100].penalty == D("25.00")  # month 100, charged on payment 101
    assert all(r.penalty == 0 for r in s.rows[101:])
    assert s.finished and s.total_paid == D(40000) + s.penalty


def test_the_cap_through_the_api_with_a_late_return():
    # Late return: 0.5% a month (no IRC 6651(h) rate), so the cap comes after 50 months.
    r = call(
        balance="40000", tax="40000", notice_date="2025-03-03", monthly="600", late_return=True
    )
    o = option(r, "long_term")
    assert o["eligible"] and o["penalty_rate"] == "0.5" and o["penalty_capped"] is True
    # Month n (n = 1..50) is on 40,000 - 600 n: 0.005 x that = 200 - 3 n; sum = 6,175.
    assert o["penalty"] == "6175.00"
    assert D(o["penalty"]) <= D("0.25") * 40000
    assert "return was late" in o["why"]


# ---------------------------------------------------------------- fees


def test_low_income_with_bank_draft_pays_no_fee():
    # IRC 6159(f)(2)(A).
    r = call(
        balance="5000", notice_date="2026-12-01", monthly="300", low_income=True, direct_debit=True
    )
    o = option(r, "long_term")
    assert o["setup_fee"] == "0.00" and o["fee_paid_back"] is False
    assert "no setup fee" in o["why"]
    assert "installment_fee_low_income_direct_debit" in o["facts"]


def test_low_income_without_bank_draft_pays_the_reduced_fee_and_gets_it_back():
    # IRC 6159(f)(2)(B); reduced fee $43 (T.D. 9798).
    r = call(balance="5000", notice_date="2026-12-01", monthly="300", low_income=True, online=True)
    o = option(r, "long_term")
    assert o["setup_fee"] == "43.00" and o["fee_paid_back"] is True
    assert "get it back" in o["why"] and "$43 fee back" in o["summary"]
    assert o["schedule"][0]["fee"] == "43.00"


def test_fees_by_channel_and_payment_method_come_from_the_data():
    base = {"balance": "5000", "notice_date": "2026-12-01", "monthly": "300"}
    seen = {}
    for online in (True, False):
        for dd in (True, False):
            o = option(call(**base, online=online, direct_debit=dd), "long_term")
            name = f"installment_fee_{'online' if online else 'phone'}_" + (
                "direct_debit" if dd else "other"
            )
            seen[name] = o["setup_fee"]
            assert D(o["setup_fee"]) == facts.value(name, date(2026, 12, 22))
            assert name in o["facts"]
            # The latest fees are only reported: the option says so.
            assert (name in o["reported"]) == (
                facts.fact(name, date(2026, 12, 22)).status == "reported"
            )
    assert len(set(seen.values())) >= 3


def test_fee_rule():
    fees = {
        "installment_fee_online_direct_debit": D(22),
        "installment_fee_online_other": D(69),
        "installment_fee_phone_direct_debit": D(107),
        "installment_fee_phone_other": D(178),
        "installment_fee_low_income": D(43),
        "installment_fee_low_income_direct_debit": D(0),
    }
    assert fee_for(online=False, direct_debit=False, low_income=False, fees=fees)[0] == 178
    assert fee_for(online=True, direct_debit=True, low_income=True, fees=fees)[0] == 0
    assert fee_for(online=False, direct_debit=False, low_income=True, fees=fees) == (
        D(43),
        "installment_fee_low_income",
        True,
    )
    # A regular fee below the reduced one is not raised.
    cheap = {**fees, "installment_fee_online_other": D(30)}
    assert fee_for(online=True, direct_debit=False, low_income=True, fees=cheap)[0] == 30


# ---------------------------------------------------------------- limits


def test_long_term_limit_at_and_around_50000():
    # "$50,000 or less" (IRS Simple Payment Plan page).
    at = call(balance="50000.00", notice_date="2026-03-16", monthly="1000")
    above = call(balance="50000.01", notice_date="2026-03-16", monthly="1000")
    below = call(balance="49999.99", notice_date="2026-03-16", monthly="1000")
    assert option(at, "long_term")["eligible"] and option(below, "long_term")["eligible"]
    assert option(above, "long_term")["eligible"] is False
    assert "$50,000 or less" in option(above, "long_term")["why"]
    assert option(above, "needs_financial_statement")["eligible"] is True
    assert option(at, "needs_financial_statement")["eligible"] is False
    statement = option(above, "needs_financial_statement")
    assert statement["schedule"] == [] and statement["total_added"] is None  # no numbers
    assert "Form 433-F" in statement["why"]
    assert {x["url"] for x in statement["links"]} >= {
        facts.sources()["irs-oic"].url,
        facts.sources()["irs-cnc"].url,
    }


def test_short_term_limit_at_and_around_100000():
    # "under $100,000" (reported). Also the notice window: 10 business days at
    # $100,000 or more (IRC 6601(e)(3)).
    under = call(balance="99999.99", notice_date="2026-03-16", months=6)
    at = call(balance="100000.00", notice_date="2026-03-16", months=6)
    assert option(under, "short_term")["eligible"] is True
    assert option(at, "short_term")["eligible"] is False
    assert "under $100,000" in option(at, "short_term")["why"]
    assert under["pay_by"] == "2026-04-06"  # 21 calendar days
    assert at["pay_by"] == "2026-03-30"  # 10 business days


def test_short_term_window_at_and_around_180_days():
    # Payments on the same day each month from the start: 6 fit in 180 days, 7 do not.
    assert short_term_payments(date(2026, 4, 6), 180) == 6
    assert short_term_payments(date(2026, 1, 31), 180) == 6  # July 31 is day 181
    base = {"balance": "12000", "notice_date": "2026-03-16"}
    assert option(call(**base, months=6), "short_term")["eligible"] is True
    seven = option(call(**base, months=7), "short_term")
    assert seven["eligible"] is False and "180 days" in seven["why"]
    # At the smallest payment that fits, it fits; a dollar less does not.
    need = D(option(call(**base, monthly="1000"), "short_term")["minimum_monthly"])
    assert option(call(**base, monthly=str(need)), "short_term")["eligible"] is True
    assert option(call(**base, monthly=str(need - 1)), "short_term")["eligible"] is False


def test_an_open_plan_the_payment_does_not_finish_says_so_and_what_would():
    # $12,000 at $500 a month: the short-term plan is open (under $100,000) but 24
    # payments do not fit in 180 days. Open is not the same as fits.
    r = call(balance="12000", tax="10000", notice_date="2026-11-16", monthly="500")
    short = option(r, "short_term")
    assert short["open"] is True and short["fits"] is False and short["eligible"] is False
    assert short["finish_by"] == "2027-06-05"  # 180 days after the pay-by date, December 7
    need = D(short["minimum_monthly"])
    assert short["verdict"] == (
        f"Open to you, but $500 a month would not finish it by June 5, 2027: ${need:,.0f} a "
        "month would."
    )
    assert (
        option(
            call(balance="12000", tax="10000", notice_date="2026-11-16", monthly=str(need)),
            "short_term",
        )["fits"]
        is True
    )
    long = option(r, "long_term")
    assert long["open"] and long["fits"] and long["eligible"] and long["verdict"] == "Open to you"
    # Asked in months: the same, in those words.
    months = option(call(balance="12000", notice_date="2026-11-16", months=24), "short_term")
    assert months["verdict"].startswith("Open to you, but 24 monthly payments would not finish it")
    # Over the limit: not open, whatever the payment.
    big = option(call(balance="150000", notice_date="2026-11-16", monthly="90000"), "short_term")
    assert big["open"] is False and big["verdict"] == "Not open to you"


def test_another_plan_says_when_it_applies_instead_of_refusing():
    small = option(
        call(balance="12000", notice_date="2026-11-16", monthly="500"), "needs_financial_statement"
    )
    assert small["open"] is False and small["verdict"] == "For balances over $50,000"
    assert "Not open" not in small["verdict"] + small["why"]
    assert "You owe $12,000, so you can use the plans above" in small["why"]
    large = option(
        call(balance="60000", notice_date="2026-11-16", monthly="500"), "needs_financial_statement"
    )
    assert large["open"] and large["eligible"]
    assert large["verdict"] == "Open to you: the IRS sets the terms"


def test_counting_payment_dates():
    assert payment_dates(date(2026, 1, 31), date(2026, 1, 30)) == 0
    assert payment_dates(date(2026, 1, 31), date(2026, 2, 28)) == 2  # Feb 28 (clamped)
    # 10 years from the notice: a first payment 21 days later leaves room for 120.
    assert long_term_payments(date(2026, 4, 6), date(2026, 3, 16), 10) == 120


def test_smallest_monthly_bisects():
    assert smallest_monthly(D(1), D(1), D(1000), lambda m: m >= 437) == 437
    assert smallest_monthly(D("0.01"), D(1), D(10), lambda m: m >= D("3.33")) == D("3.33")


@given(
    answer=st.integers(1, 5000),
    lowest=st.integers(1, 5000),
    span=st.integers(0, 5000),
    guess=st.integers(-100, 12000),
)
def test_a_guess_changes_how_many_trials_not_the_answer(answer, lowest, span, guess):
    """Whatever the guess (below the range, above it, right or far off), the answer is
    the one plain bisection finds."""
    highest = lowest + span
    finishes = lambda m: m >= answer or m >= highest  # noqa: E731 (true at highest)
    plain = smallest_monthly(D(1), D(lowest), D(highest), finishes)
    assert smallest_monthly(D(1), D(lowest), D(highest), finishes, guess=D(guess)) == plain


def test_a_close_guess_needs_few_trials():
    trials = []

    def finishes(m: Decimal) -> bool:
        trials.append(m)
        return m >= 437

    assert smallest_monthly(D(1), D(1), D(100_000), finishes) == 437
    plain = len(trials)
    trials.clear()
    assert smallest_monthly(D(1), D(1), D(100_000), finishes, guess=D(440)) == 437
    assert plain == 16 and len(trials) <= 6, (plain, trials)
    trials.clear()
    assert smallest_monthly(D(1), D(1), D(100_000), finishes, guess=D(430)) == 437
    assert len(trials) <= 6, trials


# ---------------------------------------------------------------- the answer


def test_the_answer_is_data_a_page_can_render():
    r = call(balance="12000", tax="10000", notice_date="2026-11-16", monthly="500", online=True)
    assert [o["kind"] for o in r["options"]] == [
        "pay_now",
        "short_term",
        "long_term",
        "needs_financial_statement",
    ]
    keys = set(r["options"][0])
    for o in r["options"]:
        assert set(o) == keys  # the same keys everywhere
        assert isinstance(o["eligible"], bool) and o["why"] and o["summary"]
        assert o["source"]["url"].startswith("https://")
    assert "not tax advice" in r["disclaimer"]
    assert (
        r["links"][0]["url"] == "https://www.irs.gov/payments/online-payment-agreement-application"
    )
    assert r["guide_page"] == "cant-pay/"
    assert "Rev. Proc. 2002-26" in r["payment_order"]["source"]["title"]
    assert any("Rev. Proc. 2002-26" in a for a in r["assumptions"])
    json.dumps(r)


def test_reported_figures_are_flagged():
    r = call(balance="12000", notice_date="2026-11-16", monthly="500", online=True)
    names = {x["name"] for x in r["reported"]}
    assert not {"short_term_plan_days", "short_term_plan_max_balance"} & names
    assert "installment_fee_online_other" in names  # the latest fee is reported
    assert "interest_rate" in names  # 2026 Q4 is reported
    for x in r["reported"]:
        assert x["label"] and x["value"] and x["source"]["url"].startswith("https://")


def test_rates_past_the_table_use_the_last_known_rate_and_say_so():
    r = call(balance="12000", notice_date="2026-11-16", monthly="500")
    assert r["assumed_rate_days"] > 0
    assert r["assumed_rate"] == str(TABLE[-1].rate)
    assert any("after the last interest rate we know" in a for a in r["assumptions"])
    chosen = call(balance="12000", notice_date="2026-11-16", monthly="500", rate="9")
    assert chosen["assumed_rate"] == "9"
    assert D(option(chosen, "long_term")["interest"]) > D(option(r, "long_term")["interest"])
    inside = call(balance="3000", notice_date="2025-03-03", monthly="1000")
    assert inside["assumed_rate_days"] == 0 and inside["assumed_rate"] is None


def test_unknown_tax_and_dates_are_assumptions():
    r = call(balance="12000", pay_by="2026-12-07", monthly="500")
    text = " ".join(r["assumptions"])
    assert "tax part" in text and "notice date" in text
    assert r["pay_by_source"] == "notice" and r["start"] == "2026-12-07"
    only_start = call(balance="12000", start="2026-12-07", monthly="500")
    assert only_start["pay_by_source"] == "start"


def test_errors_name_the_field():
    assert call(balance="100", monthly="10")["errors"][0]["field"] == "notice_date"
    r = call(balance="-5", monthly="10", months=3, notice_date="2026-02-30", tax="x")
    fields = [e["field"] for e in r["errors"]]
    assert set(fields) == {"balance", "months", "notice_date", "tax"}
    assert call(balance="100", notice_date="2026-03-16")["errors"][0]["field"] == "monthly"
    assert (
        call(balance="100", tax="200", monthly="5", notice_date="2026-03-16")["errors"][0]["field"]
        == "tax"
    )
    for months in (0, 601, 2.5, "ten", True):
        r = call(balance="100", months=months, notice_date="2026-03-16")
        assert r["errors"][0]["field"] == "months", months
    r = call(balance="100", monthly="5", notice_date="2026-03-16", start="2026-03-01")
    assert r["errors"][0]["field"] == "start"
    r = call(balance="100", monthly="5", notice_date="2017-03-16")
    assert r["errors"][0]["field"] == "notice_date"


# ---------------------------------------------------------------- properties

money = st.decimals(min_value=D("1"), max_value=D("60000"), places=2)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


def _run(balance, tax_share, monthly, first, payments=120, table=TABLE, penalty=PLAN):
    return schedule(
        balance=balance,
        tax=cents(balance * tax_share),
        monthly=monthly,
        first_payment=first,
        interest_from=first,
        penalty_from=first,
        plan_start=first,
        max_payments=payments,
        table=table,
        penalty=penalty,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(money, st.sampled_from([D(0), D("0.5"), D(1)]), money, money, days)
def test_paying_more_a_month_never_costs_more(balance, share, m1, m2, first):
    low, high = sorted((m1, m2))
    a = _run(balance, share, low, first)
    b = _run(balance, share, high, first)
    if a.finished:
        assert b.finished
        assert b.total_added <= a.total_added
        assert len(b.rows) <= len(a.rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(money, st.sampled_from([D(0), D("0.3"), D(1)]), money, days, st.booleans())
def test_every_schedule_adds_up_and_ends_at_zero(balance, share, monthly, first, late):
    s = _run(balance, share, monthly, first, penalty=LATE if late else PLAN)
    assert len(s.rows) <= 120
    if s.finished:
        assert s.rows[-1].balance == 0
        assert all(r.balance > 0 for r in s.rows[:-1])
        assert s.total_paid == balance + s.total_added
        assert s.penalty <= cents(balance * share) * D("0.25") + D("0.01") * len(s.rows)
    else:
        assert len(s.rows) == 120 and s.rows[-1].balance > 0
    for r in s.rows:
        assert r.payment <= monthly and r.interest >= 0 and r.penalty >= 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.decimals(min_value=D("5"), max_value=D("49000"), places=2),
    st.integers(min_value=1, max_value=120),
    st.booleans(),
    st.booleans(),
)
def test_api_totals_add_up_for_every_option(balance, months, online, dd):
    r = call(
        balance=str(balance),
        notice_date="2026-03-16",
        months=months,
        online=online,
        direct_debit=dd,
    )
    for o in r["options"]:
        if o["eligible"] and o["schedule"]:
            assert D(o["total_paid"]) == balance + D(o["total_added"])
            assert D(o["total_added"]) == D(o["interest"]) + D(o["penalty"]) + D(o["setup_fee"])
            assert o["schedule"][-1]["balance"] == "0.00"
            assert o["months"] == len(o["schedule"])


plan_fields = st.sampled_from(
    [
        "balance",
        "monthly",
        "months",
        "tax",
        "notice_date",
        "pay_by",
        "start",
        "direct_debit",
        "online",
        "low_income",
        "late_return",
        "rate",
    ]
)
plausible = st.one_of(
    json_values,
    st.dates(min_value=date(2017, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.decimals(allow_nan=True).map(str),
    st.decimals(min_value=D("0.01"), max_value=D("200000"), places=2).map(str),
    st.integers(min_value=-5, max_value=700),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, st.dictionaries(plan_fields, plausible, max_size=12)))
def test_the_plan_call_never_raises_on_arbitrary_json(payload):
    result = api.call("plan", payload)
    assert isinstance(result, dict)
    json.dumps(result)
    if "errors" in result:
        assert result["errors"]
        for row in result["errors"]:
            assert set(row) == {"field", "message"}
            assert "went wrong" not in row["message"], row  # a real error, not a crash
    else:
        assert len(result["options"]) == 4


def test_a_start_after_the_time_allowed():
    r = call(balance="1000", notice_date="2026-03-16", start="2040-01-01", monthly="5")
    o = option(r, "long_term")
    assert o["eligible"] is False and o["minimum_monthly"] is None
    assert "first payment would come after that time" in o["why"]
    assert option(r, "pay_now")["eligible"] is True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    balance=st.decimals(min_value=D("0.01"), max_value=D("150000"), places=2),
    share=st.sampled_from([None, D(0), D("0.5"), D(1)]),
    monthly=st.one_of(st.none(), st.decimals(min_value=D("0.01"), max_value=D("9000"), places=2)),
    months=st.integers(min_value=1, max_value=600),
    notice=st.dates(min_value=date(2018, 1, 1), max_value=date(2099, 1, 1)),
    start_after=st.integers(min_value=0, max_value=5000),
    flags=st.fixed_dictionaries(
        {k: st.booleans() for k in ("online", "direct_debit", "low_income", "late_return")}
    ),
    use_pay_by=st.booleans(),
)
def test_valid_input_always_gets_an_answer(
    balance, share, monthly, months, notice, start_after, flags, use_pay_by
):
    from datetime import timedelta

    payload = {
        "balance": str(balance),
        "tax": None if share is None else str(cents(balance * share)),
        ("pay_by" if use_pay_by else "notice_date"): notice.isoformat(),
        "start": min(notice + timedelta(days=start_after), date(2100, 12, 31)).isoformat(),
        **({"monthly": str(monthly)} if monthly is not None else {"months": months}),
        **flags,
    }
    r = api.call("plan", payload)
    assert "errors" not in r, r
    for o in r["options"]:
        assert o["summary"] and o["why"]
        if o["eligible"] and o["schedule"]:
            assert o["schedule"][-1]["balance"] == "0.00"
            assert D(o["total_paid"]) == balance + D(o["total_added"])
