"""The one surface the command line, the browser worker and the tests call.

Every function takes one plain dict and returns one plain dict (JSON-ready:
strings, numbers, booleans, lists, dicts). Invalid input returns
``{"errors": [{"field": ..., "message": ...}]}``; nothing here raises.
Money comes back as decimal strings with two places; dates as YYYY-MM-DD.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cp14 import facts
from cp14.validate import (
    MONTH_NAMES,
    Errors,
    money_str,
    parse_bool,
    parse_date,
    parse_money,
    parse_rate,
)

DISCLAIMER = (
    "General information, not tax advice. The dates and amounts on your notice are "
    "what count; this is an estimate."
)

Payload = Mapping[str, Any]
Result = dict[str, Any]

if TYPE_CHECKING:
    from cp14.deadlines import WindowRule
    from cp14.penalties import PenaltyRates

# Each function imports the rules it uses when it runs: the letter page only
# ever writes letters, and does not pay at start-up for the date rules.


def _source(key: str) -> dict[str, str]:
    src = facts.sources()[key]
    return {"title": src.title, "url": src.url}


def _fact_source(name: str) -> dict[str, str]:
    f = facts.fact(name)
    return {"title": f.source.title, "url": f.source.url, "status": f.status}


def window_rule(on: date | None = None) -> WindowRule:
    from cp14.deadlines import WindowRule

    return WindowRule(
        calendar_days=int(facts.value("notice_window_days", on)),
        business_days=int(facts.value("notice_window_business_days", on)),
        large_amount=facts.value("notice_window_large_amount", on),
    )


def penalty_rates(on: date | None = None) -> PenaltyRates:
    from cp14.penalties import PenaltyRates

    return PenaltyRates(
        regular=facts.value("ftp_rate", on),
        installment=facts.value("ftp_rate_installment", on),
        after_levy_notice=facts.value("ftp_rate_after_levy_notice", on),
        cap=facts.value("ftp_cap", on),
        levy_grace_days=int(facts.value("levy_notice_grace_days", on)),
    )


def _as_mapping(payload: Any, errors: Errors) -> Payload:  # noqa: ANN401
    if isinstance(payload, Mapping):
        return payload
    errors.add("input", "The input must be a JSON object with named fields.")
    return {}


# ---------------------------------------------------------------- deadlines


# The deadline fields as the person sees them (error messages name them so).
DEADLINE_TITLES = {
    "notice_date": "Notice date",
    "amount": "Amount due",
    "pay_by": "Pay-by date on the notice",
    "today": "Today's date",
    "payment_date": "The day you plan to pay",
    "tax": "Tax line on the notice",
    "penalty": "Penalty line on the notice",
    "interest": "Interest line on the notice",
    "installment_agreement": "Payment plan",
    "rate": "Interest rate to assume",
}


def _notice_date(errors: Errors, value: Any) -> date | None:  # noqa: ANN401
    """The notice date, inside the range the calculator covers (its interest-rate table)."""
    first = facts.rate_table()[0].start
    first_text = f"{MONTH_NAMES[first.month - 1]} {first.day}, {first.year}"
    return parse_date(
        errors,
        "notice_date",
        value,
        required=True,
        title=DEADLINE_TITLES["notice_date"],
        earliest=first,
        too_early=f"A notice from before {first.year} is outside what this calculator covers. "
        f"It covers notices dated {first_text} or later, because its table of IRS "
        "interest rates starts then. Go by the dates and amounts on your notice.",
    )


def _deadline_inputs(payload: Any) -> tuple[dict[str, Any], Errors]:  # noqa: ANN401
    errors = Errors()
    p = _as_mapping(payload, errors)
    t = DEADLINE_TITLES

    def when(name: str) -> date | None:
        return parse_date(errors, name, p.get(name), title=t[name])

    def money(name: str, *, allow_zero: bool = True) -> Decimal | None:
        return parse_money(errors, name, p.get(name), allow_zero=allow_zero, title=t[name])

    v: dict[str, Any] = {
        "notice_date": _notice_date(errors, p.get("notice_date")),
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
    }
    nd = v["notice_date"]
    if nd and v["pay_by"] and v["pay_by"] < nd:
        errors.add("pay_by", "Pay-by date on the notice is before the notice date. Check both.")
    if nd and v["payment_date"] and v["payment_date"] < nd:
        errors.add(
            "payment_date", "The day you plan to pay is before the notice date. Pick a later day."
        )
    lines = [v[k] for k in ("tax", "penalty", "interest")]
    if v["amount"] is None and any(x is not None for x in lines):
        v["amount"] = sum((x for x in lines if x is not None), Decimal(0))
        if v["amount"] == 0:
            v["amount"] = None
            errors.add(
                "amount", "Amount due must be more than $0. The lines you entered add to $0."
            )
    amount_error = any(e["field"] == "amount" for e in errors.items)
    if v["payment_date"] and v["amount"] is None and not amount_error:
        errors.add("amount", "Amount due is needed to estimate the cost of paying later.")
    return v, errors


def _timeline(notice_date: date) -> list[dict[str, Any]]:
    from cp14 import deadlines as dl

    steps = dl.escalation_timeline(
        notice_date,
        cp501_weeks=int(facts.value("cp501_after_cp14_weeks")),
        cp503_weeks=int(facts.value("cp503_after_cp501_weeks")),
        cp504_weeks=int(facts.value("cp504_after_cp503_weeks")),
        final_notice_months=int(facts.value("final_notice_after_cp14_months")),
        collection_after_days=int(facts.value("collection_after_days")),
        cdp_days=int(facts.value("cdp_request_days")),
    )
    source_for = {"collection": "collection_after_days"}
    return [
        {
            "key": s.key,
            "notice": s.notice,
            "title": s.title,
            "typical_date": s.typical_date.isoformat(),
            "description": s.description,
            "status": "estimate",
            "source": _fact_source(source_for.get(s.key, "cp501_after_cp14_weeks")),
        }
        for s in steps
    ]


def _estimate_dict(est: Any, balance: Decimal) -> Result:  # noqa: ANN401
    out: Result = {
        "payment_date": est.payment_date.isoformat(),
        "on_time": est.on_time,
        "interest": money_str(est.interest.interest if est.interest else Decimal(0)),
        "penalty": money_str(est.penalty.penalty if est.penalty else Decimal(0)),
        "assumptions": list(est.assumptions),
        "assumed_days": est.interest.assumed_days if est.interest else 0,
        "assumed_rate": str(est.interest.assumed_rate)
        if est.interest and est.interest.assumed_rate is not None
        else None,
        "penalty_months": len(est.penalty.months) if est.penalty else 0,
        "interest_periods": _periods(est.interest.periods) if est.interest else [],
    }
    out["total_added"] = money_str(Decimal(out["interest"]) + Decimal(out["penalty"]))
    out["balance"] = money_str(balance)
    out["total_to_pay"] = money_str(balance + Decimal(out["total_added"]))
    return out


def _steps(timeline: list[dict[str, Any]]) -> list[Any]:
    from cp14.guidance import Step

    return [Step(s["notice"], s["title"], date.fromisoformat(s["typical_date"])) for s in timeline]


def _guidance(out: Result, today: date | None) -> None:
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
        )


def deadlines(payload: Payload) -> Result:
    """Pay-by date, interest-free window, days left, typical next notices, optional estimate."""
    from cp14 import deadlines as dl

    v, errors = _deadline_inputs(payload)
    if errors:
        return errors.result()
    nd: date = v["notice_date"]
    rule = window_rule(nd)
    window = dl.interest_free_window(nd, v["amount"], rule)
    pay_by = v["pay_by"] or window.end
    assumptions = []
    if v["amount"] is None:
        assumptions.append(
            "You did not enter the amount, so we assumed it is under "
            f"${rule.large_amount:,.0f}. At or above that, the window is {rule.business_days} "
            "business days instead."
        )
    if v["pay_by"] and v["pay_by"] != window.end:
        assumptions.append(
            f"Your notice prints {v['pay_by'].isoformat()}. The law's window ends "
            f"{window.end.isoformat()}. Go by the date on your notice."
        )
    if window.uses_business_days:
        rule_text = (
            f"{rule.business_days} business days after the notice date, because the amount is "
            f"${rule.large_amount:,.0f} or more."
        )
    else:
        rule_text = f"{rule.calendar_days} calendar days after the notice date"
        rule_text += (
            f"; {window.rolled_from.isoformat()} is a weekend or holiday, so it moves to the "
            "next business day."
            if window.rolled_from
            else "."
        )
    out: Result = {
        "notice_date": nd.isoformat(),
        "amount": money_str(v["amount"]) if v["amount"] is not None else None,
        "interest_free_until": window.end.isoformat(),
        "pay_by": pay_by.isoformat(),
        "pay_by_source": "notice" if v["pay_by"] else "computed",
        "days_left": dl.days_left(pay_by, v["today"]) if v["today"] else None,
        "status": dl.status(pay_by, v["today"]) if v["today"] else None,
        "window": {
            "rule": rule_text,
            "business_days": window.uses_business_days,
            "rolled_from": window.rolled_from.isoformat() if window.rolled_from else None,
            "source": _fact_source("notice_window_days"),
        },
        "timeline": _timeline(nd),
        "timeline_note": (
            "Typical intervals, not promises. The IRS sets no fixed schedule, and it has paused "
            "these reminders before."
        ),
        "assumptions": assumptions,
        "sources": [_source("irc-6601"), _source("irc-6651"), _source("irc-7503")],
        "disclaimer": DISCLAIMER,
    }
    if v["payment_date"]:
        from cp14.estimate import cost_of_waiting

        est = cost_of_waiting(
            notice_date=nd,
            pay_by=pay_by,
            payment_date=v["payment_date"],
            balance=v["amount"],
            tax=v["tax"],
            table=facts.rate_table(),
            rates=penalty_rates(nd),
            installment_agreement=v["installment_agreement"],
            assumed_rate=v["rate"],
        )
        out["estimate"] = _estimate_dict(est, v["amount"])
    _guidance(out, v["today"])
    return out


def estimate(payload: Payload) -> Result:
    """Only the cost-of-waiting estimate (needs notice_date, amount and payment_date)."""
    errors = Errors()
    p = _as_mapping(payload, errors)
    if errors:
        return errors.result()
    if not p.get("payment_date"):
        return {
            "errors": [
                {
                    "field": "payment_date",
                    "message": "Payment date is missing. Enter it like 2026-05-01.",
                }
            ]
        }
    result = deadlines(p)
    if "errors" in result:
        return result
    return {**result["estimate"], "pay_by": result["pay_by"], "disclaimer": DISCLAIMER}


# ---------------------------------------------------------------- interest


def _periods(periods: Any) -> list[Result]:  # noqa: ANN401
    return [
        {
            "from": p.first_day.isoformat(),
            "to": p.last_day.isoformat(),
            "days": p.days,
            "rate": str(p.rate),
            "status": p.status,
            "reference": p.reference,
            "interest": money_str(p.interest),
        }
        for p in periods
    ]


def interest(payload: Payload) -> Result:
    """Daily-compounded underpayment interest on `amount` after `from` through `to`."""
    from cp14.interest import RateTableError, table_end, underpayment_interest

    errors = Errors()
    p = _as_mapping(payload, errors)
    amount = parse_money(errors, "amount", p.get("amount"), required=True)
    start = parse_date(errors, "from", p.get("from"), required=True)
    end = parse_date(errors, "to", p.get("to"), required=True)
    rate = parse_rate(errors, "rate", p.get("rate"))
    if start and end and end < start:
        errors.add("to", "The end date is before the start date.")
    table = facts.rate_table()
    if start and start < table[0].start:
        errors.add("from", f"Start date must be on or after {table[0].start.isoformat()}.")
    if errors:
        return errors.result()
    try:
        result = underpayment_interest(amount, start, end, table, rate)
    except RateTableError as exc:
        return {"errors": [{"field": "from", "message": str(exc)}]}
    notes = [
        "Interest is compounded daily at the IRS underpayment rate for each quarter "
        "(IRC 6621, 6622). Each day after the start date through the end date counts."
    ]
    if result.assumed_days:
        notes.append(
            f"{result.assumed_days} days are after the last quarter we know "
            f"({facts.rate_table()[-1].start.isoformat()}). They use an assumed rate of "
            f"{result.assumed_rate}% a year."
        )
    return {
        "amount": money_str(amount),
        "from": start.isoformat(),
        "to": end.isoformat(),
        "days": (end - start).days,
        "interest": money_str(result.interest),
        "total": money_str(amount + result.interest),
        "periods": _periods(result.periods),
        "assumed_days": result.assumed_days,
        "assumed_rate": str(result.assumed_rate) if result.assumed_rate is not None else None,
        "rates_known_through": table_end(table).isoformat(),
        "notes": notes,
        "sources": [_source("irc-6621"), _source("irc-6622"), _source("irs-quarterly-rates")],
        "disclaimer": DISCLAIMER,
    }


# ---------------------------------------------------------------- business days


def business_day(payload: Payload) -> Result:
    """Is `date` a business day (IRC 7503)? If not, the next business day."""
    from cp14 import businessdays

    errors = Errors()
    p = _as_mapping(payload, errors)
    day = parse_date(errors, "date", p.get("date"), required=True)
    if errors:
        return errors.result()
    return {
        "date": day.isoformat(),
        "business_day": businessdays.is_business_day(day),
        "next_business_day": businessdays.roll_forward(day).isoformat(),
        "holiday": businessdays.holiday_name(day),
        "source": _source("irc-7503"),
    }


# ---------------------------------------------------------------- calendar


def calendar(payload: Payload) -> Result:
    """An .ics file with only what is still ahead: the pay-by date (and the end of the
    interest-free window) while they are, the day you plan to pay, and a reminder to
    check the mail for the next notice. "Ahead" counts from ``today`` (else ``now``)."""
    from cp14.guidance import calendar_events
    from cp14.ics import CalendarEvent, build_calendar

    errors = Errors()
    p = _as_mapping(payload, errors)
    now_text = p.get("now")
    now = datetime.now(UTC).replace(microsecond=0)
    if isinstance(now_text, str) and now_text.strip():
        try:
            now = datetime.fromisoformat(now_text.strip().replace("Z", "+00:00"))
        except ValueError:
            errors.add("now", "Now must be a date and time like 2026-03-20T10:00:00Z.")
    if errors:
        return errors.result()
    result = deadlines(p)
    if "errors" in result:
        return result
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
        disclaimer=DISCLAIMER,
    )
    if not events:
        return {
            "errors": [
                {
                    "field": "notice_date",
                    "message": "Every date for this notice has passed, so there is nothing to "
                    "add to a calendar. Check your mail for a later notice.",
                }
            ]
        }
    ics = build_calendar([CalendarEvent(e.day, e.summary, e.description) for e in events], now)
    return {
        "ics": ics,
        "filename": "cp14-deadlines.ics",
        "events": [{"date": e.day.isoformat(), "summary": e.summary} for e in events],
    }


# ---------------------------------------------------------------- letters


def letter(payload: Payload) -> Result:
    """A dispute or penalty-relief letter as text and an HTML fragment."""
    from cp14 import letters

    errors = Errors()
    p = _as_mapping(payload, errors)
    if errors:
        return errors.result()
    return letters.render(p)


def _kind(payload: Any, errors: Errors) -> str | None:  # noqa: ANN401
    from cp14 import letters

    p = _as_mapping(payload, errors)
    kind = p.get("kind")
    if kind not in letters.KINDS:
        errors.add("kind", f"Kind must be one of: {', '.join(letters.KINDS)}.")
        return None
    return kind


def letter_example(payload: Payload) -> Result:
    """A complete, valid example input for a letter kind."""
    from cp14 import letters

    errors = Errors()
    kind = _kind(payload, errors)
    return errors.result() if errors else letters.example(kind)


def letter_fields(payload: Payload) -> Result:
    """The questions a letter kind asks: name, label, type, help, choices."""
    from cp14 import letters

    errors = Errors()
    kind = _kind(payload, errors)
    return errors.result() if errors else {"kind": kind, "fields": letters.fields(kind)}


# ---------------------------------------------------------------- payment plans


def plan(payload: Payload) -> Result:
    """Compare paying in full, a short-term plan and a long-term plan (cp14.api_plan)."""
    from cp14 import api_plan

    return api_plan.plan(payload)


# ---------------------------------------------------------------- facts and dispatch


def facts_table(payload: Payload | None = None) -> Result:
    """Every fact with its current value, unit, status, start date and source."""
    out = {}
    for name, rows in facts.load()["facts"].items():
        row = rows[-1]
        out[name] = {
            "label": row.label,
            "value": str(row.value),
            "unit": row.unit,
            "from": row.start.isoformat(),
            "status": row.status,
            "source": {"title": row.source.title, "url": row.source.url},
        }
    return {"facts": out, "checked": facts.checked().isoformat()}


FUNCTIONS: dict[str, Callable[[Payload], Result]] = {
    "deadlines": deadlines,
    "estimate": estimate,
    "interest": interest,
    "business_day": business_day,
    "calendar": calendar,
    "letter": letter,
    "letter_example": letter_example,
    "letter_fields": letter_fields,
    "facts": facts_table,
    "plan": plan,
}


def call(name: str, payload: Any) -> Result:  # noqa: ANN401
    """Run API function `name` on `payload`. Never raises: an unexpected failure becomes
    an error row (with the exception type, not a traceback) so a page never goes blank."""
    func = FUNCTIONS.get(name) if isinstance(name, str) else None
    if func is None:
        return {"errors": [{"field": "function", "message": f"Unknown function: {name!r}."}]}
    try:
        return func(payload)
    except Exception as exc:
        import traceback

        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return {
            "errors": [
                {
                    "field": "input",
                    "message": "Something went wrong while working this out. Check your entries "
                    f"and try again. ({detail[:200]})",
                }
            ]
        }
