"""cp14.api's date calls: `deadlines`, `estimate` and `calendar`.

Plain dict in, plain dict out (see cp14.api). This module reads the answers,
checks them (cp14.inputs holds the rules every door shares), takes the figures
from facts.toml and turns the rules' results into data and plain words. No
rule lives here: the window is cp14.deadlines', the penalty months are
cp14.penalties', the balance over time is cp14.plan's `ledger`.

An answer that only the estimate needs (the day you plan to pay, the tax
line...) does not take the pay-by date away when it is wrong: the result then
has both ``errors`` and ``partial`` (everything but the estimate).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from cp14 import facts
from cp14.i18n import DEFAULT, N_, _, current, long_date, ngettext
from cp14.inputs import (
    DISCLAIMER,
    NOTICE_TITLES,
    Names,
    Payload,
    Result,
    as_mapping,
    cross_checks,
    parse_notice,
)
from cp14.terms import Terms, postponement_words
from cp14.terms import terms as notice_terms
from cp14.validate import (
    Errors,
    money_str,
    parse_bool,
    parse_date,
    parse_money,
    parse_rate,
    parse_year,
)

# The deadline fields as the person sees them (error messages name them so). Marked
# here, translated where shown: titles() gives them in the reader's language.
DEADLINE_TITLES = {
    "notice_date": N_("Notice date"),
    "amount": N_("Amount due"),
    "pay_by": N_("Pay-by date printed on the notice"),
    "today": N_("Today's date"),
    "payment_date": N_("The day you plan to pay"),
    "tax": N_("Tax line on the notice"),
    "penalty": N_("Penalty line on the notice"),
    "interest": N_("Interest line on the notice"),
    "installment_agreement": N_("Payment plan"),
    "rate": N_("Interest rate to assume"),
    "notice": N_("Notice number"),
    "tax_year": N_("Tax year"),
    "return_due_date": N_("The return's due date"),
    "postponed": N_("Disaster relief"),
    "postponed_from": N_("Start of the disaster postponement"),
    "postponed_until": N_("End of the disaster postponement"),
    "levy_notice_date": N_("Date of the notice of intent to levy"),
    "paid": N_("Payments since the notice"),
}
NAMES = Names(
    {
        "today": "today",
        "notice_date": "notice_date",
        "amount": "amount",
        "tax": "tax",
        "tax_year": "tax_year",
        "return_due_date": "return_due_date",
        "pay_by": "pay_by",
        "payment_date": "payment_date",
        "postponed_from": "postponed_from",
        "postponed_until": "postponed_until",
        "levy_notice_date": "levy_notice_date",
    },
    DEADLINE_TITLES,
)
# Answers the pay-by date depends on: while any of them is wrong, no date is shown.
CORE = frozenset(
    {"input", "notice_date", "amount", "pay_by", "today", "notice"}
    | {"postponed", "postponed_from", "postponed_until"}
)
MAX_PAYMENTS = 24  # payments since the notice, at the command line or in the API


def titles() -> dict[str, str]:
    """DEADLINE_TITLES in the language of the call that is running."""
    return {name: _(title) for name, title in DEADLINE_TITLES.items()}


def _dollars(amount: Decimal) -> str:
    return f"${amount:,.0f}"


def _source(key: str) -> dict[str, str | None]:
    """Readers see official sources only (facts.for_readers)."""
    return facts.for_readers(facts.sources()[key])


def _fact_source(name: str) -> dict[str, str | None]:
    f = facts.fact(name)
    return {**facts.for_readers(f.source, f.also), "status": f.status}


# Each next notice, with the IRS's own page about it. Their timing is only reported
# (cp501_after_cp14_weeks and the next facts: secondary sources, named in facts.toml),
# so a step's source is the page that says what the notice is, and `timing` says the
# date is an estimate from reported intervals.
STEP_SOURCES = {
    "cp501": "irs-cp501",
    "cp503": "irs-cp503",
    "cp504": "irs-cp504",
    "final": "irs-lt11",
}


# ---------------------------------------------------------------- input


def notice_date_in_range(errors: Errors, name: str, value: Any, title: str) -> date | None:  # noqa: ANN401
    """The notice date, inside the range the calculator covers (its interest-rate table)."""
    first = facts.rate_table()[0].start
    return parse_date(
        errors,
        name,
        value,
        required=True,
        title=title,
        earliest=first,
        too_early=_(
            "A notice from before {year} is outside what this calculator covers. It covers "
            "notices dated {date} or later, because its table of IRS interest rates starts "
            "then. Go by the dates and amounts on your notice."
        ).format(year=first.year, date=long_date(first)),
    )


class Paid(NamedTuple):
    day: date
    amount: Decimal


def _parse_paid(errors: Errors, value: Any, title: str) -> list[Paid]:  # noqa: ANN401
    """Payments since the notice: a list of {"amount", "date"} or "AMOUNT@YYYY-MM-DD"."""
    if value is None or value == "" or value == []:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    if len(items) > MAX_PAYMENTS:
        errors.add(
            "paid", _("{title}: list at most {n} payments.").format(title=title, n=MAX_PAYMENTS)
        )
        return []
    out: list[Paid] = []
    for item in items:
        if isinstance(item, str) and "@" in item:
            amount_text, _at, day_text = item.partition("@")
        elif isinstance(item, dict):
            amount_text, day_text = item.get("amount"), item.get("date")
        else:
            errors.add(
                "paid",
                # i18n: AMOUNT@YYYY-MM-DD is how a payment is typed; the words may be translated.
                _("{title}: write each payment as AMOUNT@YYYY-MM-DD, like 500@2026-12-01.").format(
                    title=title
                ),
            )
            return []
        sub = Errors()
        amount = parse_money(sub, "paid", amount_text, required=True, allow_zero=False, title=title)
        day_title = _("{title} (date)").format(title=title)
        day = parse_date(sub, "paid", day_text, required=True, title=day_title)
        if sub:
            errors.items.extend(sub.items)
            return []
        out.append(Paid(day, amount))
    return sorted(out)


def _inputs(payload: Any) -> tuple[dict[str, Any], Errors]:  # noqa: ANN401
    errors = Errors()
    p = as_mapping(payload, errors)
    t = titles()

    def when(name: str) -> date | None:
        return parse_date(errors, name, p.get(name), title=t[name])

    def money(name: str, *, allow_zero: bool = True) -> Decimal | None:
        return parse_money(errors, name, p.get(name), allow_zero=allow_zero, title=t[name])

    v: dict[str, Any] = {
        "notice_date": notice_date_in_range(
            errors, "notice_date", p.get("notice_date"), t["notice_date"]
        ),
        # $0 is not a bill: the letter refuses it too (tests/test_validate.py says why).
        "amount": money("amount", allow_zero=False),
        "pay_by": when("pay_by"),
        "today": when("today"),
        "payment_date": when("payment_date"),
        "tax": money("tax"),
        "penalty": money("penalty"),
        "interest": money("interest"),
        "installment_agreement": parse_bool(
            errors,
            "installment_agreement",
            p.get("installment_agreement"),
            title=t["installment_agreement"],
        ),
        "rate": parse_rate(errors, "rate", p.get("rate"), title=t["rate"]),
        "notice": parse_notice(errors, "notice", p.get("notice"), title=t["notice"]),
        "tax_year": parse_year(errors, "tax_year", p.get("tax_year"), title=t["tax_year"]),
        "return_due_date": when("return_due_date"),
        "postponed_from": when("postponed_from"),
        "postponed_until": when("postponed_until"),
        "levy_notice_date": when("levy_notice_date"),
        "paid": _parse_paid(errors, p.get("paid"), t["paid"]),
    }
    # The form's "Disaster relief" question: "no" means the two dates are not used.
    if not parse_bool(errors, "postponed", p.get("postponed", True), title=t["postponed"]):
        v["postponed_from"] = v["postponed_until"] = None
    lines = [v[k] for k in ("tax", "penalty", "interest")]
    if v["amount"] is None and any(x is not None for x in lines):
        v["amount"] = sum((x for x in lines if x is not None), Decimal(0))
        if v["amount"] == 0:
            v["amount"] = None
            errors.add(
                "amount",
                _("{title} must be more than $0. The lines you entered add to $0.").format(
                    title=t["amount"]
                ),
            )
    cross_checks(errors, v, Names(NAMES.names, t))
    nd, today = v["notice_date"], v["today"]
    for paid in v["paid"]:
        if nd and paid.day < nd:
            errors.add(
                "paid",
                _("A payment since the notice is dated before it ({date}).").format(
                    date=long_date(paid.day)
                ),
            )
            break
        if today and paid.day > today:
            errors.add(
                "paid",
                _(
                    "A payment since the notice is dated after today ({date}). List only "
                    "payments you have made; the day you plan to pay goes in its own field."
                ).format(date=long_date(paid.day)),
            )
            break
    if v["paid"] and v["payment_date"] and v["paid"][-1].day > v["payment_date"]:
        errors.add(
            "payment_date",
            _("{title} is before a payment you listed. Pick a later day.").format(
                title=t["payment_date"]
            ),
        )
    return v, errors


# ---------------------------------------------------------------- what the answers mean


def terms(v: dict[str, Any]) -> Terms:
    """The pay-by date, the disaster pause and the penalty clock for checked answers."""
    return notice_terms(
        notice_date=v["notice_date"],
        amount=v["amount"],
        printed_pay_by=v["pay_by"],
        notice=v["notice"],
        tax_year=v["tax_year"],
        return_due_date=v["return_due_date"],
        postponed_from=v["postponed_from"],
        postponed_until=v["postponed_until"],
    )


def _rule_text(window: Any, rule: Any) -> str:  # noqa: ANN401
    if window.uses_business_days:
        return ngettext(
            "{n} business day after the notice date, because the amount is {amount} or more.",
            "{n} business days after the notice date, because the amount is {amount} or more.",
            rule.business_days,
        ).format(n=rule.business_days, amount=_dollars(rule.large_amount))
    n = rule.calendar_days
    if window.rolled_from:
        return ngettext(
            "{n} calendar day after the notice date; {date} is a weekend or holiday, so it "
            "moves to the next business day.",
            "{n} calendar days after the notice date; {date} is a weekend or holiday, so it "
            "moves to the next business day.",
            n,
        ).format(n=n, date=long_date(window.rolled_from))
    return ngettext(
        "{n} calendar day after the notice date.", "{n} calendar days after the notice date.", n
    ).format(n=n)


def _penalty_months(v: dict[str, Any], t: Terms) -> Result | None:
    from cp14.penalties import penalty_rates

    return t.months_on_notice(penalty_rates(v["notice_date"]))


def _penalty_words(t: Terms, months: Result | None) -> list[str]:
    if months is None:
        return [
            _(
                "A CP14H has no failure-to-pay penalty: the IRS adds only interest to the shared "
                "responsibility payment."
            )
        ]
    start = long_date(date.fromisoformat(months["counted_from"]))
    if t.basis == "pay_by":
        return [
            _(
                "Penalty months are counted from the pay-by date. If the tax was on your return, "
                "the IRS counts them from the return's due date, so the real penalty may differ "
                "by one month's charge. Enter the tax year for a closer figure."
            )
        ]
    n = months["on_notice"]
    if t.basis == "return_due_date":
        counted = _(
            "Penalty months are counted from the return's due date you entered, {date} "
            "(IRC 6651(a)(2))."
        )
    else:
        counted = _(
            "Penalty months are counted from the return's due date for that tax year, {date} "
            "(IRC 6651(a)(2))."
        )
    sentences = [
        counted.format(date=start),
        ngettext(
            "By the pay-by date, {n} month of penalty had begun; the penalty on your notice "
            "counts it.",
            "By the pay-by date, {n} months of penalty had begun; the penalty on your notice "
            "counts them.",
            n,
        ).format(n=n),
    ]
    if months["next_month_begins"]:
        nxt = date.fromisoformat(months["next_month_begins"])
        sentences.append(_("The next month begins on {date}.").format(date=long_date(nxt)))
    else:
        sentences.append(_("The penalty has reached its limit, so no more is added."))
    return [" ".join(sentences)]


# ---------------------------------------------------------------- the estimate


def _estimate(v: dict[str, Any], t: Terms) -> Result:
    from cp14.penalties import Clock, penalty_rates
    from cp14.plan import ZERO, Payment, PenaltyTerms, ledger

    nd: date = v["notice_date"]
    rates = penalty_rates(nd)
    balance: Decimal = v["amount"]
    paid_before = sum((p.amount for p in v["paid"]), ZERO)
    notes = [
        _("This is an estimate. The IRS figures the exact amount; its bill is what counts."),
        _(
            "It assumes you pay everything still owed on the date you chose, and no other notice "
            "changes the balance."
        ),
    ]
    if v["paid"]:
        n = len(v["paid"])
        notes.append(
            ngettext(
                "It counts the {n} payment you listed since the notice. Payments go to tax "
                "first, then penalty, then interest (Rev. Proc. 2002-26).",
                "It counts the {n} payments you listed since the notice. Payments go to tax "
                "first, then penalty, then interest (Rev. Proc. 2002-26).",
                n,
            ).format(n=n)
        )
    on_time = v["payment_date"] <= t.pay_by
    out: Result = {
        "payment_date": v["payment_date"].isoformat(),
        "on_time": on_time,
        "balance": money_str(balance),
        "paid_before": money_str(paid_before),
        "interest": "0.00",
        "penalty": "0.00",
        "assumed_days": 0,
        "assumed_rate": None,
        "penalty_months": 0,
        "interest_periods": [],
    }
    if on_time:
        notes.append(
            _(
                "Paying the full amount by {date} adds no more interest and, per the IRS, no "
                "more penalty on this notice."
            ).format(date=long_date(t.pay_by))
        )
        out["total_added"] = "0.00"
        out["total_to_pay"] = money_str(max(balance - paid_before, ZERO))
        out["assumptions"] = notes
        return out

    tax = v["tax"] if v["tax"] is not None else balance
    none = t.clock is None
    terms_ = PenaltyTerms(
        regular=ZERO if none else rates.regular,
        during_plan=ZERO
        if none
        else (rates.installment if v["installment_agreement"] else rates.regular),
        cap=rates.cap,
        after_levy=ZERO if none else rates.after_levy_notice,
        levy_from=v["levy_notice_date"] + timedelta(days=rates.levy_grace_days)
        if v["levy_notice_date"]
        else None,
    )
    s = ledger(
        balance=balance,
        tax=tax,
        payments=[Payment(p.day, p.amount) for p in v["paid"]] + [Payment(v["payment_date"], None)],
        interest_from=nd,
        clock=t.clock or Clock(t.pay_by, t.pause),
        plan_start=nd if v["installment_agreement"] else None,
        table=facts.rate_table(),
        penalty=terms_,
        assumed_rate=v["rate"],
        charged_months=t.charged_months,
    )
    interest, penalty = s.interest, s.penalty
    out.update(
        {
            "interest": money_str(interest),
            "penalty": money_str(penalty),
            "assumed_days": s.assumed_days,
            "assumed_rate": str(s.assumed_rate) if s.assumed_rate is not None else None,
            "penalty_months": t.clock.months(v["payment_date"]) - t.charged_months
            if t.clock
            else 0,
            "total_added": money_str(interest + penalty),
            "total_to_pay": money_str(s.rows[-1].payment) if s.rows else "0.00",
        }
    )
    notes.append(
        _(
            "Interest is charged on the whole balance (tax, penalties and interest) from the "
            "notice date, because it was not paid in full by the pay-by date. It compounds daily."
        )
    )
    if s.assumed_days:
        notes.append(
            ngettext(
                "{n} day falls after the last interest rate we know. For it we used {rate}% a "
                "year. The real rate may differ.",
                "{n} days fall after the last interest rate we know. For them we used {rate}% a "
                "year. The real rate may differ.",
                s.assumed_days,
            ).format(n=s.assumed_days, rate=s.assumed_rate)
        )
    if s.reported_quarters:
        notes.append(
            _(
                "Some days use a quarter's rate that is reported but not yet confirmed from an "
                "IRS source."
            )
        )
    if t.pause is not None:
        notes.append(
            _(
                "No interest or penalty is added from {first} through {last}: the IRS disregards "
                "a disaster postponement when it figures them (IRC 7508A)."
            ).format(first=long_date(t.pause.first), last=long_date(t.pause.last))
        )
    if none:
        notes.extend(_penalty_words(t, None))
        out["assumptions"] = notes
        return out
    if v["tax"] is None:
        notes.append(
            _(
                "You did not enter the tax part of the balance, so the penalty is figured on the "
                "whole balance. That overstates it. Enter the tax line from the notice for a "
                "closer figure."
            )
        )
    rate = rates.installment if v["installment_agreement"] else rates.regular
    notes.append(
        _(
            "The failure-to-pay penalty is {rate} of the unpaid tax for each month or part of a "
            "month, up to {cap} in all, counting the months already on your notice."
        ).format(rate=f"{rate}%", cap=f"{rates.cap}%")
    )
    notes.extend(_penalty_words(t, _penalty_months(v, t)))
    notes.append(
        _(
            "Interest on penalty added after this notice starts only once the IRS bills that "
            "penalty (IRC 6601(e)(2)(A)), so it is left out here."
        )
    )
    if v["installment_agreement"]:
        notes.append(
            _(
                "The lower rate applies only if you filed on time and the IRS has approved the "
                "payment plan."
            )
        )
    if v["levy_notice_date"]:
        notes.append(
            ngettext(
                "After the notice of intent to levy of {date}, the penalty is {rate}% a month "
                "for each month that begins more than {n} day after it (IRC 6651(d)).",
                "After the notice of intent to levy of {date}, the penalty is {rate}% a month "
                "for each month that begins more than {n} days after it (IRC 6651(d)).",
                rates.levy_grace_days,
            ).format(
                date=long_date(v["levy_notice_date"]),
                rate=rates.after_levy_notice,
                n=rates.levy_grace_days,
            )
        )
    else:
        notes.append(
            _(
                "It does not include a later notice of intent to levy, which raises the penalty "
                "to {rate}% a month."
            ).format(rate=rates.after_levy_notice)
        )
    out["assumptions"] = notes
    return out


# ---------------------------------------------------------------- next notices


def _timeline(notice_date: date, notice: str) -> list[dict[str, Any]]:
    from cp14 import deadlines as dl

    steps = dl.escalation_timeline(
        notice_date,
        cp501_weeks=int(facts.value("cp501_after_cp14_weeks")),
        cp503_weeks=int(facts.value("cp503_after_cp501_weeks")),
        cp504_weeks=int(facts.value("cp504_after_cp503_weeks")),
        final_notice_months=int(facts.value("final_notice_after_cp14_months")),
        collection_after_days=int(facts.value("collection_after_days")),
        cdp_days=int(facts.value("cdp_request_days")),
        levy_rate=facts.value("ftp_rate_after_levy_notice", notice_date),
        levy_grace_days=int(facts.value("levy_notice_grace_days", notice_date)),
        notice=notice,
    )
    return [
        {
            "key": s.key,
            "notice": s.notice,
            "title": s.title,
            "typical_date": s.typical_date.isoformat(),
            "description": s.description,
            "status": "estimate",
            "timing": facts.fact("collection_after_days").status
            if s.key == "collection"
            else facts.fact("cp501_after_cp14_weeks").status,
            "source": _fact_source("collection_after_days")
            if s.key == "collection"
            else {**_source(STEP_SOURCES[s.key]), "status": "confirmed"},
        }
        for s in steps
    ]


def _steps(timeline: list[dict[str, Any]]) -> list[Any]:
    from cp14.guidance import Step

    return [Step(s["notice"], s["title"], date.fromisoformat(s["typical_date"])) for s in timeline]


def _guidance(out: Result, today: date | None, notice: str) -> None:
    """What to do next (every state) and, for an overdue notice, what that means."""
    from cp14 import guidance

    out["next_steps"] = guidance.next_steps(facts.sources(), out["status"])
    out["overdue"] = None
    if today is not None:
        nd = date.fromisoformat(out["notice_date"])
        out["overdue"] = guidance.overdue(
            pay_by=date.fromisoformat(out["pay_by"]),
            today=today,
            steps=_steps(out["timeline"]),
            figures=guidance.Figures(
                ftp_rate=facts.value("ftp_rate", nd),
                ftp_cap=facts.value("ftp_cap", nd),
                installment_rate=facts.value("ftp_rate_installment", nd),
            ),
            penalty=notice != "CP14H",
        )


# ---------------------------------------------------------------- the calls


def _core(v: dict[str, Any]) -> tuple[Result, Terms]:
    """Everything but the estimate: the pay-by date, the window, what comes next."""
    from cp14 import deadlines as dl

    nd: date = v["notice_date"]
    rule = dl.window_rule(nd)
    t = terms(v)
    assumptions = []
    if v["amount"] is None:
        assumptions.append(
            ngettext(
                "You did not enter the amount, so we assumed it is under {amount}. At or above "
                "that, the window is {n} business day instead.",
                "You did not enter the amount, so we assumed it is under {amount}. At or above "
                "that, the window is {n} business days instead.",
                rule.business_days,
            ).format(amount=_dollars(rule.large_amount), n=rule.business_days)
        )
    if v["pay_by"] and v["pay_by"] != t.window.end:
        assumptions.append(
            _(
                "Your notice prints {printed}. The law's window ends {end}. Go by the date on "
                "your notice."
            ).format(printed=long_date(v["pay_by"]), end=long_date(t.window.end))
        )
    assumptions.extend(postponement_words(t, nd, v["pay_by"] or t.window.end))
    months = _penalty_months(v, t)
    if v["notice"] == "CP14I":
        assumptions.append(
            _(
                "A CP14I is a bill for tax on an IRA or other tax-favored account (Form 5329). "
                "Its dates and penalties work like a CP14's."
            )
        )
    today = v["today"]
    out: Result = {
        "notice": v["notice"],
        "notice_title": _(NOTICE_TITLES[v["notice"]]),
        "notice_date": nd.isoformat(),
        "amount": money_str(v["amount"]) if v["amount"] is not None else None,
        "interest_free_until": t.interest_free_until.isoformat(),
        "pay_by": t.pay_by.isoformat(),
        "pay_by_source": t.pay_by_source,
        "days_left": dl.days_left(t.pay_by, today) if today else None,
        "status": dl.status(t.pay_by, today) if today else None,
        "window": {
            "rule": _rule_text(t.window, rule),
            "business_days": t.window.uses_business_days,
            "rolled_from": t.window.rolled_from.isoformat() if t.window.rolled_from else None,
            "source": _fact_source("notice_window_days"),
        },
        "postponement": t.postponement_data(),
        "penalty_months": months,
        "penalty_note": " ".join(_penalty_words(t, months)),
        "timeline": _timeline(nd, v["notice"]),
        "timeline_note": _(
            "Typical intervals, not promises. The IRS sets no fixed schedule, and it has paused "
            "these reminders before. The intervals are what others report; the IRS does not "
            "publish them."
        ),
        "assumptions": assumptions,
        "sources": [_source("irc-6601"), _source("irc-6651"), _source("irc-7503")],
        "disclaimer": _(DISCLAIMER),
    }
    _guidance(out, today, v["notice"])
    return out, t


def deadlines(payload: Payload) -> Result:
    """Pay-by date, interest-free window, days left, typical next notices, optional estimate."""
    v, errors = _inputs(payload)
    core_wrong = any(e["field"] in CORE for e in errors.items)
    if not core_wrong and v["payment_date"] and v["amount"] is None:
        errors.add(
            "amount",
            _("{title} is needed to estimate the cost of paying later.").format(
                title=_(DEADLINE_TITLES["amount"])
            ),
        )
    if core_wrong:
        return errors.result()
    out, t = _core(v)
    if errors:
        return {**errors.result(), "partial": out}
    if v["payment_date"]:
        out["estimate"] = _estimate(v, t)
    return out


def estimate(payload: Payload) -> Result:
    """Only the cost-of-waiting estimate (needs notice_date, amount and payment_date)."""
    errors = Errors()
    p = as_mapping(payload, errors)
    if errors:
        return errors.result()
    check = Errors()
    title = _("Payment date")
    if parse_date(check, "payment_date", p.get("payment_date"), title=title) is None:
        return (
            check.result()
            if check
            else {
                "errors": [
                    {
                        "field": "payment_date",
                        "message": _("{title} is missing. Enter it like 2026-05-01.").format(
                            title=title
                        ),
                    }
                ]
            }
        )
    result = deadlines(p)
    if "errors" in result:
        return {"errors": result["errors"]}
    return {**result["estimate"], "pay_by": result["pay_by"], "disclaimer": _(DISCLAIMER)}


LATEST_NOW = datetime(9999, 12, 30, tzinfo=UTC)  # a later instant has no next day to show


def calendar(payload: Payload) -> Result:
    """An .ics file with only what is still ahead: the pay-by date (and the end of the
    interest-free window) while they are, the day you plan to pay, and a reminder to
    check the mail for the next notice. "Ahead" counts from ``today`` (else ``now``)."""
    from cp14.guidance import calendar_events
    from cp14.ics import CalendarEvent, build_calendar

    errors = Errors()
    p = as_mapping(payload, errors)
    now_text = p.get("now")
    now = datetime.now(UTC).replace(microsecond=0)
    if isinstance(now_text, str) and now_text.strip():
        try:
            now = datetime.fromisoformat(now_text.strip().replace("Z", "+00:00"))
            if now.tzinfo is None:
                now = now.replace(tzinfo=UTC)
            now = now.astimezone(UTC)
        except (ValueError, OverflowError):
            errors.add("now", _("Now must be a date and time like 2026-03-20T10:00:00Z."))
        else:
            if now > LATEST_NOW:
                errors.add("now", _("Now is too far in the future. Check the date and time."))
    elif now_text not in (None, ""):
        errors.add("now", _("Now must be a date and time like 2026-03-20T10:00:00Z."))
    if errors:
        return errors.result()
    result = deadlines(p)
    if "errors" in result and "partial" not in result:
        return {"errors": result["errors"]}
    # Answers only the estimate needs may be wrong: the dates themselves still hold.
    result = result.get("partial", result)
    today = parse_date(Errors(), "today", p.get("today")) or now.date()
    estimate = result.get("estimate")
    events = calendar_events(
        notice_date=date.fromisoformat(result["notice_date"]),
        pay_by=date.fromisoformat(result["pay_by"]),
        interest_free_until=date.fromisoformat(result["interest_free_until"]),
        today=today,
        payment_date=date.fromisoformat(estimate["payment_date"]) if estimate else None,
        total_to_pay=estimate["total_to_pay"] if estimate else None,
        steps=_steps(result["timeline"]),
        disclaimer=_(DISCLAIMER),
    )
    if not events:
        return {
            "errors": [
                {
                    "field": "notice_date",
                    "message": _(
                        "Every date for this notice has passed, so there is nothing to add to a "
                        "calendar. Check your mail for a later notice."
                    ),
                }
            ]
        }
    lang = current()
    ics = build_calendar(
        [CalendarEvent(e.day, e.summary, e.description) for e in events],
        now,
        language=None if lang == DEFAULT else lang,
    )
    return {
        "ics": ics,
        "filename": "cp14-deadlines.ics",
        "events": [{"date": e.day.isoformat(), "summary": e.summary} for e in events],
    }
