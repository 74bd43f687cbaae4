"""cp14.api's `plan` call: compare ways to pay a CP14 balance over time.

Plain dict in, plain dict out (see cp14.api). This module only reads the input,
takes the figures from facts.toml and turns the rules' results (cp14.plan)
into data and plain words. Money is a string with two decimals; dates are
YYYY-MM-DD; every option has the same keys, with null where a number does
not apply.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from cp14 import facts
from cp14.i18n import N_, _, long_date, month_year, ngettext
from cp14.inputs import DISCLAIMER, Names, Payload, Result, as_mapping, cross_checks, parse_notice
from cp14.penalties import penalty_rates
from cp14.plan import PenaltyTerms, Row, Schedule, fee_for, schedule, smallest_monthly
from cp14.validate import (
    Errors,
    clean_scalar,
    is_blank,
    money_str,
    parse_bool,
    parse_date,
    parse_money,
    parse_rate,
    parse_year,
)

KINDS = ("pay_now", "short_term", "long_term", "needs_financial_statement")
FEE_FACTS = (
    "installment_fee_online_direct_debit",
    "installment_fee_online_other",
    "installment_fee_phone_direct_debit",
    "installment_fee_phone_other",
    "installment_fee_low_income",
    "installment_fee_low_income_direct_debit",
)
# A requested plan length beyond this is a typo, not a plan (50 years).
MAX_MONTHS = 600
ONE_DOLLAR = Decimal(1)
ONE_CENT = Decimal("0.01")


# ---------------------------------------------------------------- input


# The plan fields as the person sees them (messages name them so).
PLAN_TITLES = {
    "balance": N_("Balance due on the notice"),
    "other_balances": N_("Owed for other tax years"),
    "notice_date": N_("Notice date"),
    "pay_by": N_("Pay-by date printed on the notice"),
    "tax": N_("Tax part of the balance"),
    "monthly": N_("What you can pay each month"),
    "months": N_("Number of months"),
    "start": N_("Date of your first payment"),
    "direct_debit": N_("Automatic bank draft"),
    "online": N_("How you will ask for the plan"),
    "low_income": N_("Low income"),
    "late_return": N_("Return filed on time"),
    "rate": N_("Interest rate to assume"),
    "today": N_("Today's date"),
    "notice": N_("Notice number"),
    "tax_year": N_("Tax year"),
    "return_due_date": N_("The return's due date"),
    "postponed": N_("Disaster relief"),
    "postponed_from": N_("Start of the disaster postponement"),
    "postponed_until": N_("End of the disaster postponement"),
    "levy_notice_date": N_("Date of the notice of intent to levy"),
}
NAMES = Names(
    {
        "today": "today",
        "notice_date": "notice_date",
        "amount": "balance",
        "tax": "tax",
        "tax_year": "tax_year",
        "return_due_date": "return_due_date",
        "pay_by": "pay_by",
        "start": "start",
        "postponed_from": "postponed_from",
        "postponed_until": "postponed_until",
        "levy_notice_date": "levy_notice_date",
    },
    PLAN_TITLES,
)
_WHOLE = re.compile(r"[0-9]+(?:\.0*)?", re.ASCII)


def titles() -> dict[str, str]:
    """The field titles in the reader's language (PLAN_TITLES holds the English ones)."""
    return {name: _(title) for name, title in PLAN_TITLES.items()}


def _parse_months(errors: Errors, value: Any, title: str) -> int | None:  # noqa: ANN401
    """A whole number of months, from a JSON number or a form string (digits 0 to 9)."""
    if is_blank(value) or (isinstance(value, str) and not clean_scalar(value)):
        return None
    number: Decimal | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float) and value.is_integer():
        number = Decimal(int(value))
    elif isinstance(value, str) and _WHOLE.fullmatch(clean_scalar(value)):
        number = Decimal(clean_scalar(value))
    if number is None or not 1 <= number <= MAX_MONTHS:
        errors.add(
            "months",
            # i18n: {title} is a field's name ("Number of months"); {most} is 600.
            _("{title} must be a whole number from 1 to {most}, like 24.").format(
                title=title, most=MAX_MONTHS
            ),
        )
        return None
    return int(number)


def _inputs(payload: Any) -> tuple[dict[str, Any], Errors]:  # noqa: ANN401
    errors = Errors()
    p = as_mapping(payload, errors)
    t = titles()

    def money(name: str, **kw: Any) -> Decimal | None:  # noqa: ANN401
        return parse_money(errors, name, p.get(name), title=t[name], **kw)

    def when(name: str) -> date | None:
        return parse_date(errors, name, p.get(name), title=t[name])

    def yes(name: str) -> bool:
        return parse_bool(errors, name, p.get(name), title=t[name])

    v: dict[str, Any] = {
        "balance": money("balance", required=True, allow_zero=False),
        "other_balances": money("other_balances"),
        "monthly": money("monthly", allow_zero=False),
        "months": _parse_months(errors, p.get("months"), t["months"]),
        "tax": money("tax"),
        "notice_date": when("notice_date"),
        "pay_by": when("pay_by"),
        "start": when("start"),
        "today": when("today"),
        "direct_debit": yes("direct_debit"),
        "online": yes("online"),
        "low_income": yes("low_income"),
        "late_return": yes("late_return"),
        "rate": parse_rate(errors, "rate", p.get("rate"), title=t["rate"]),
        "notice": parse_notice(errors, "notice", p.get("notice"), title=t["notice"]),
        "tax_year": parse_year(errors, "tax_year", p.get("tax_year"), title=t["tax_year"]),
        "return_due_date": when("return_due_date"),
        "postponed_from": when("postponed_from"),
        "postponed_until": when("postponed_until"),
        "levy_notice_date": when("levy_notice_date"),
    }
    if not parse_bool(errors, "postponed", p.get("postponed", True), title=t["postponed"]):
        v["postponed_from"] = v["postponed_until"] = None

    def answered(name: str) -> bool:
        value = p.get(name)
        if isinstance(value, str):
            return bool(clean_scalar(value))
        return value is not None

    given = [k for k in ("monthly", "months") if answered(k)]
    if len(given) == 2:
        errors.add(
            "months",
            # i18n: the two fields are "What you can pay each month" and "Number of months".
            _("Enter what you can pay each month or the number of months, not both."),
        )
    elif not given:
        errors.add(
            "monthly",
            # i18n: {title} is the field "What you can pay each month".
            _(
                "{title} is missing. Enter what you can pay each month, or in how many "
                "months you want to finish."
            ).format(title=t["monthly"]),
        )
    first_known = facts.rate_table()[0].start
    for name in ("notice_date", "pay_by", "start"):
        if v[name] and v[name] < first_known:
            # i18n: {title} is a date field's name; {year} is the first year with known rates.
            message = _("{title} must be in {year} or later.")
            errors.add(name, message.format(title=t[name], year=first_known.year))
            v[name] = None
    cross_checks(errors, v, Names(NAMES.names, t))
    nd, pay_by, start = v["notice_date"], v["pay_by"], v["start"]
    if not (nd or pay_by or start) and not any(
        e["field"] in ("notice_date", "pay_by", "start") for e in errors.items
    ):
        errors.add(
            "notice_date",
            # i18n: {title} is the field "Notice date".
            _(
                "{title} is missing. Enter the date on your notice, or the pay-by date "
                "printed on it."
            ).format(title=t["notice_date"]),
        )
    return v, errors


# ---------------------------------------------------------------- words


def _dollars(amount: Decimal) -> str:
    """'$500' for whole dollars, '$500.50' otherwise."""
    rounded = Decimal(money_str(amount))
    if rounded == rounded.to_integral_value():
        return f"${rounded:,.0f}"
    return f"${rounded:,.2f}"


def _about(amount: Decimal) -> str:
    return f"${Decimal(money_str(amount)).to_integral_value():,.0f}"


def _month_year(day: date) -> str:
    """'March 2029' / 'marzo de 2029'."""
    return month_year(day.year, day.month)


# Sources readers see are official ones only (facts.for_readers): the IRS, the Code, the
# IRM or the Taxpayer Advocate; `url` is None for an official text seen only in a copy.


def _source(name: str, on: date | None = None) -> dict[str, str | None]:
    return facts.fact_for_readers(name, on)


def _source_key(key: str) -> dict[str, str | None]:
    return facts.for_readers(facts.sources()[key])


# ---------------------------------------------------------------- options


def _option(kind: str, title: str) -> Result:
    return {
        "kind": kind,
        "title": title,
        # open: the rules let you use this option (your balance is within its limits);
        # fits: what you can pay (or the months you want) finishes in the time it allows;
        # eligible: both, so the option has numbers. verdict says which, in words.
        "open": False,
        "fits": False,
        "eligible": False,
        "verdict": "",
        # The last day the option's payments may fall on (an open plan), YYYY-MM-DD.
        "finish_by": None,
        "why": "",
        "source": None,
        "facts": [],
        "setup_fee": None,
        "fee_paid_back": False,
        "monthly_payment": None,
        "months": None,
        "last_payment_date": None,
        "interest": None,
        "penalty": None,
        "total_added": None,
        "total_paid": None,
        "penalty_rate": None,
        "penalty_capped": False,
        "assumed_rate_days": 0,
        "minimum_monthly": None,
        "schedule": [],
        "summary": "",
        "reported": [],
        "links": [],
    }


def _fill(ctx: _Plan, option: Result, s: Schedule, penalty_rate: Decimal) -> None:
    ctx.quarters.update(s.reported_quarters)
    option.update(
        {
            "open": True,
            "fits": True,
            "eligible": True,
            "setup_fee": money_str(s.fee),
            "monthly_payment": money_str(s.rows[0].payment),
            "months": len(s.rows),
            "last_payment_date": s.last_day.isoformat() if s.last_day else None,
            "interest": money_str(s.interest),
            "penalty": money_str(s.penalty),
            "total_added": money_str(s.total_added),
            "total_paid": money_str(s.total_paid),
            "penalty_rate": str(penalty_rate),
            "penalty_capped": s.penalty_capped,
            "assumed_rate_days": s.assumed_days,
            "schedule": [
                {
                    "number": r.number,
                    "date": r.day.isoformat(),
                    "payment": money_str(r.payment),
                    "fee": money_str(r.fee),
                    "interest": money_str(r.interest),
                    "penalty": money_str(r.penalty),
                    "balance": money_str(r.balance),
                }
                for r in s.rows
            ],
        }
    )


def _plan_summary(s: Schedule) -> str:
    """'Paying $500 a month, you finish in March 2029 and pay about $1,310 more ...'"""
    first, last = s.rows[0].payment, s.rows[-1].day
    words = {
        "amount": _dollars(first),
        "date": long_date(last),
        "month": _month_year(last),
        "added": _about(s.total_added),
        "fee": _dollars(s.fee),
    }
    # One whole sentence for each case: one payment or monthly ones; nothing added,
    # an amount added, or an amount added that counts the setup fee.
    if len(s.rows) == 1:
        if s.total_added == 0:
            text = _(
                "Paying {amount} on {date}, you finish at once and pay nothing more than the "
                "balance."
            )
        elif s.fee > 0:
            text = _(
                "Paying {amount} on {date}, you finish at once and pay about {added} more than "
                "the balance, counting the {fee} setup fee."
            )
        else:
            text = _(
                "Paying {amount} on {date}, you finish at once and pay about {added} more than "
                "the balance."
            )
    elif s.total_added == 0:
        # i18n: {month} is a month and year ("March 2029").
        text = _(
            "Paying {amount} a month, you finish in {month} and pay nothing more than the balance."
        )
    elif s.fee > 0:
        text = _(
            "Paying {amount} a month, you finish in {month} and pay about {added} more than the "
            "balance, counting the {fee} setup fee."
        )
    else:
        text = _(
            "Paying {amount} a month, you finish in {month} and pay about {added} more than the "
            "balance."
        )
    return text.format(**words)


class _Plan:
    """What every option shares: the input, the dates and the figures in force."""

    def __init__(self, v: dict[str, Any]) -> None:
        from cp14.terms import terms

        self.v = v
        self.balance: Decimal = v["balance"]
        # The plan limits count everything owed, every year (Form 9465 instructions).
        self.owed: Decimal = v["balance"] + (v["other_balances"] or Decimal(0))
        self.tax: Decimal = v["tax"] if v["tax"] is not None else v["balance"]
        nd: date | None = v["notice_date"]
        self.terms = terms(
            notice_date=nd,
            amount=self.balance,
            printed_pay_by=v["pay_by"],
            start=v["start"],
            notice=v["notice"],
            tax_year=v["tax_year"],
            return_due_date=v["return_due_date"],
            postponed_from=v["postponed_from"],
            postponed_until=v["postponed_until"],
        )
        self.pay_by: date = self.terms.pay_by
        self.pay_by_source = self.terms.pay_by_source
        self.notice_date = nd
        self.start: date = v["start"] or self.pay_by
        # Interest runs from the notice date (IRC 6601(e)(3)); without it, from the pay-by date.
        self.interest_from: date = nd or self.pay_by
        self.rates = penalty_rates(self.start)
        self.table = facts.rate_table()
        self.quarters: set[date] = set()  # quarters with a reported rate, in the plans shown
        self.no_penalty = self.terms.clock is None  # a CP14H

    def fact(self, name: str) -> Decimal:
        return facts.value(name, self.start)

    def run(
        self, monthly: Decimal, payments: int, *, plan_rate: bool, fee: Decimal = Decimal(0)
    ) -> Schedule:
        zero = Decimal(0)
        levy = self.v["levy_notice_date"]
        t = self.terms
        return schedule(
            balance=self.balance,
            tax=self.tax,
            monthly=monthly,
            first_payment=self.start,
            interest_from=self.interest_from,
            penalty_from=t.clock.start if t.clock else self.pay_by,
            plan_start=self.start,
            max_payments=payments,
            table=self.table,
            penalty=PenaltyTerms(
                regular=zero if self.no_penalty else self.rates.regular,
                during_plan=zero
                if self.no_penalty
                else self.rates.installment
                if plan_rate
                else self.rates.regular,
                cap=self.rates.cap,
                after_levy=zero if self.no_penalty else self.rates.after_levy_notice,
                levy_from=levy + timedelta(days=self.rates.levy_grace_days) if levy else None,
            ),
            fee=fee,
            assumed_rate=self.v["rate"],
            charged_months=t.charged_months,
            pause=t.pause,
        )

    def smallest(self, payments: int, *, plan_rate: bool, step: Decimal) -> Decimal:
        """The smallest monthly payment (a multiple of `step`) that finishes in `payments`."""
        one_go = self.run(self.balance * 1000, 1, plan_rate=plan_rate).rows[0].payment
        # A first guess: the even share, plus an even share of what it leaves owed.
        even = self.balance / payments
        short = self.run(even, payments, plan_rate=plan_rate)
        left = short.rows[-1].balance if short.rows and not short.finished else Decimal(0)
        return smallest_monthly(
            step,
            even,
            one_go,
            lambda m: self.run(m, payments, plan_rate=plan_rate).finished,
            guess=even + left / payments,
        )

    def plan(
        self, payments: int, *, plan_rate: bool, fee: Decimal = Decimal(0)
    ) -> tuple[Schedule | None, Decimal | None]:
        """The user's plan within `payments`, or None; and the smallest whole-dollar
        payment that fits (None when not even one payment fits)."""
        if payments < 1:
            return None, None
        if self.v["months"] is not None:
            wanted = self.v["months"]
            if wanted > payments:
                return None, self.smallest(payments, plan_rate=plan_rate, step=ONE_DOLLAR)
            monthly = self.smallest(wanted, plan_rate=plan_rate, step=ONE_CENT)
            return self.run(monthly, wanted, plan_rate=plan_rate, fee=fee), monthly
        s = self.run(self.v["monthly"], payments, plan_rate=plan_rate, fee=fee)
        if s.finished:
            return s, self.v["monthly"]
        return None, self.smallest(payments, plan_rate=plan_rate, step=ONE_DOLLAR)

    def too_long(self, monthly: Decimal) -> str:
        """Why the requested plan does not fit, and what would."""
        need = _dollars(monthly)
        if self.v["months"] is not None:
            n = self.v["months"]
            return ngettext(
                "{n} month is longer than that. To finish in time, you would need to pay at "
                "least {need} a month.",
                "{n} months is longer than that. To finish in time, you would need to pay at "
                "least {need} a month.",
                n,
            ).format(n=n, need=need)
        return _(
            "At {monthly} a month, you would not finish in time. To finish in time, you would "
            "need to pay at least {need} a month."
        ).format(monthly=_dollars(self.v["monthly"]), need=need)

    def open_but_short(self, option: Result, finish_by: date, monthly: Decimal) -> None:
        """An option open to you whose payment does not finish it in time: say so, and
        what would (a plan the rules allow is not a refusal)."""
        words = {"date": long_date(finish_by), "need": _dollars(monthly)}
        if self.v["months"] is not None:
            n = self.v["months"]
            verdict = ngettext(
                "Open to you, but {n} monthly payment would not finish it by {date}: {need} a "
                "month would.",
                "Open to you, but {n} monthly payments would not finish it by {date}: {need} a "
                "month would.",
                n,
            ).format(n=n, **words)
        else:
            verdict = _(
                "Open to you, but {monthly} a month would not finish it by {date}: {need} a "
                "month would."
            ).format(monthly=_dollars(self.v["monthly"]), **words)
        option["open"] = True
        option["minimum_monthly"] = money_str(monthly)
        option["verdict"] = verdict


def _pay_now(ctx: _Plan) -> Result:
    o = _option("pay_now", _("Pay in full now"))
    o["source"] = _source_key("irc-6601")
    if ctx.start <= ctx.pay_by:
        # Paid in full by the pay-by date: nothing is added (IRC 6601(e)(3), 6651(a)(3)).
        zero = Decimal(0)
        row = Row(1, ctx.pay_by, ctx.balance, zero, zero, zero, zero, zero)
        _fill(ctx, o, Schedule((row,), True, 0, None, (), False), ctx.rates.regular)
        o["why"] = _(
            "Pay the full balance by {date}. Then no more interest or late-payment penalty is "
            "added."
        ).format(date=long_date(ctx.pay_by))
        o["summary"] = _(
            "Paying the full {balance} by {date}, you pay nothing more than the balance."
        ).format(balance=_dollars(ctx.balance), date=long_date(ctx.pay_by))
        return o
    s = ctx.run(ctx.balance * 1000, 1, plan_rate=False)
    _fill(ctx, o, s, ctx.rates.regular)
    o["why"] = _(
        "The pay-by date, {date}, is before your start date. Paying in full later adds interest "
        "and the late-payment penalty."
    ).format(date=long_date(ctx.pay_by))
    o["summary"] = _(
        "Paying the full balance on {date}, you pay about {added} more than the balance."
    ).format(date=long_date(ctx.start), added=_about(s.total_added))
    return o


def _short_term(ctx: _Plan) -> Result:
    o = _option("short_term", _("Short-term plan"))
    o["source"] = _source("short_term_plan_days", ctx.start)
    o["facts"] = ["short_term_plan_days", "short_term_plan_max_balance", "short_term_plan_fee"]
    days = int(ctx.fact("short_term_plan_days"))
    limit = ctx.fact("short_term_plan_max_balance")
    fee = ctx.fact("short_term_plan_fee")
    if ctx.owed >= limit:
        o["why"] = _(
            "A short-term plan is for balances under {limit}, counting every year you owe for. "
            "Yours is {owed}."
        ).format(limit=_dollars(limit), owed=_dollars(ctx.owed))
        o["summary"] = o["why"]
        return o
    from cp14.plan import short_term_payments

    payments = short_term_payments(ctx.start, days)
    finish_by = ctx.start + timedelta(days=days)
    o["finish_by"] = finish_by.isoformat()
    s, monthly = ctx.plan(payments, plan_rate=False, fee=fee)
    if s is None:
        ctx.open_but_short(o, finish_by, monthly)
        rule = ngettext(
            "A short-term plan must be paid in full within {days} day.",
            "A short-term plan must be paid in full within {days} days.",
            days,
        ).format(days=days)
        o["why"] = f"{rule} {ctx.too_long(monthly)}"
        o["summary"] = o["why"]
        return o
    _fill(ctx, o, s, ctx.rates.regular)
    o["finish_by"] = finish_by.isoformat()
    o["why"] = ngettext(
        "Your balance is under {limit} and you finish within {days} day. The setup fee is "
        "{fee}. The late-payment penalty stays at {rate}% a month.",
        "Your balance is under {limit} and you finish within {days} days. The setup fee is "
        "{fee}. The late-payment penalty stays at {rate}% a month.",
        days,
    ).format(limit=_dollars(limit), days=days, fee=_dollars(fee), rate=ctx.rates.regular)
    o["summary"] = _plan_summary(s)
    return o


def _fee_words(ctx: _Plan, fee: Decimal) -> str:
    """How the long-term plan's setup fee follows from how you apply and pay."""
    online, debit = ctx.v["online"], ctx.v["direct_debit"]
    if online and debit:
        text = _("Applying online and paying by automatic bank draft, the setup fee is {fee}.")
    elif online:
        text = _(
            "Applying online and paying by another way than bank draft, the setup fee is {fee}."
        )
    elif debit:
        text = _(
            "Applying by phone, mail or in person and paying by automatic bank draft, the setup "
            "fee is {fee}."
        )
    else:
        text = _(
            "Applying by phone, mail or in person and paying by another way than bank draft, the "
            "setup fee is {fee}."
        )
    return text.format(fee=_dollars(fee))


def _long_term(ctx: _Plan) -> Result:
    o = _option("long_term", _("Long-term plan (Simple Payment Plan)"))
    o["source"] = _source_key("irs-simple-payment-plans")
    limit = ctx.fact("online_plan_max_balance")
    years = int(ctx.fact("simple_plan_max_years"))
    o["facts"] = ["online_plan_max_balance", "simple_plan_max_years"]
    if ctx.owed > limit:
        o["why"] = _(
            "A Simple Payment Plan is for balances of {limit} or less, counting every year you "
            "owe for. Yours is {owed}."
        ).format(limit=_dollars(limit), owed=_dollars(ctx.owed))
        o["summary"] = o["why"]
        return o
    fees = {name: ctx.fact(name) for name in FEE_FACTS}
    fee, fee_fact, paid_back = fee_for(
        online=ctx.v["online"],
        direct_debit=ctx.v["direct_debit"],
        low_income=ctx.v["low_income"],
        fees=fees,
    )
    o["facts"].append(fee_fact)
    plan_rate = not ctx.v["late_return"]
    if plan_rate:
        o["facts"].append("ftp_rate_installment")
    rate = ctx.rates.installment if plan_rate else ctx.rates.regular
    from cp14.deadlines import add_months
    from cp14.plan import long_term_payments

    payments = long_term_payments(ctx.start, ctx.interest_from, years)
    finish_by = add_months(ctx.interest_from, 12 * years)
    s, monthly = ctx.plan(payments, plan_rate=plan_rate, fee=fee)
    # i18n: the time the IRS allows for a long-term plan (10 years).
    allowed = ngettext(
        "Most people have up to {years} year from when the tax was assessed.",
        "Most people have up to {years} years from when the tax was assessed.",
        years,
    ).format(years=years)
    if s is None and monthly is None:
        o["why"] = f"{allowed} " + _("Your first payment would come after that time.")
        o["summary"] = o["why"]
        return o
    if s is None:
        o["finish_by"] = finish_by.isoformat()
        ctx.open_but_short(o, finish_by, monthly)
        o["why"] = f"{allowed} {ctx.too_long(monthly)}"
        stuck = ctx.run(ctx.v["monthly"], 2, plan_rate=plan_rate) if ctx.v["monthly"] else None
        if stuck and stuck.rows[-1].balance >= ctx.balance:
            o["why"] += " " + _("At your amount, interest and penalty grow faster than you pay.")
        o["summary"] = o["why"]
        return o
    _fill(ctx, o, s, rate)
    o["finish_by"] = finish_by.isoformat()
    o["fee_paid_back"] = paid_back
    parts = [
        ngettext(
            "Your balance is {limit} or less, and you finish within {years} year.",
            "Your balance is {limit} or less, and you finish within {years} years.",
            years,
        ).format(limit=_dollars(limit), years=years)
    ]
    if ctx.v["low_income"] and ctx.v["direct_debit"]:
        parts.append(_("With low income and automatic bank draft, there is no setup fee."))
    elif paid_back:
        parts.append(
            _(
                "With low income, the setup fee is {fee}. You can get it back when you finish "
                "the plan."
            ).format(fee=_dollars(fee))
        )
    else:
        parts.append(_fee_words(ctx, fee))
    if plan_rate:
        parts.append(
            _("The late-payment penalty drops to {rate}% a month during the plan.").format(
                rate=rate
            )
        )
    else:
        parts.append(
            _("Your return was late, so the late-payment penalty stays at {rate}% a month.").format(
                rate=rate
            )
        )
    o["why"] = " ".join(parts)
    o["summary"] = _plan_summary(s)
    if paid_back:
        o["summary"] += " " + _("You may get the {fee} fee back at the end.").format(
            fee=_dollars(fee)
        )
    return o


def _needs_statement(ctx: _Plan) -> Result:
    o = _option("needs_financial_statement", _("Ask the IRS for another plan"))
    o["source"] = _source_key("irs-form-433f")
    limit = facts.value("online_plan_max_balance", ctx.start)
    if ctx.owed <= limit:
        # Not a refusal: this way is for larger balances, and yours can use the plans above.
        o["verdict"] = _("For balances over {limit}").format(limit=_dollars(limit))
        o["why"] = _(
            "This is how people who owe more than {limit} ask for a plan. You owe {owed}, so you "
            "can use the plans above without sending a financial statement."
        ).format(limit=_dollars(limit), owed=_dollars(ctx.owed))
        o["summary"] = o["why"]
        return o
    o.update(open=True, fits=True, eligible=True, verdict=_("Open to you: the IRS sets the terms"))
    o["why"] = _(
        "You owe more than {limit}. You can still ask for a plan by phone or with Form 9465. The "
        "IRS will likely ask about your income, costs and what you own, on a financial statement "
        "such as Form 433-F. It sets the terms, so we can't estimate them. If you can't pay at "
        "all, ask about a delay in collection or an offer in compromise."
    ).format(limit=_dollars(limit))
    o["summary"] = _(
        "The IRS sets the terms for a balance this size. Call the number on your notice, or send "
        "Form 9465 with Form 433-F."
    )
    o["links"] = [
        _source_key("irs-form-9465"),
        _source_key("irs-form-433f"),
        _source_key("irs-cnc"),
        _source_key("irs-oic"),
    ]
    return o


# ---------------------------------------------------------------- the call


def _assumptions(ctx: _Plan, options: list[Result]) -> list[str]:
    notes = [
        _("This is an estimate. The IRS figures the exact amounts; its bills are what count."),
        _(
            "It assumes the IRS approves the plan, you make every payment on time, on the same "
            "day each month, and nothing else changes the balance."
        ),
        _(
            "Interest is charged on everything you owe, from the notice date, because the full "
            "balance was not paid by the pay-by date. It compounds daily at each quarter's rate."
        ),
        _(
            "Payments go to tax first, then penalty, then interest. That is what the IRS does "
            "with a payment that has no instructions (Rev. Proc. 2002-26). It stops the penalty "
            "soonest."
        ),
        _(
            "The setup fee is paid with your first payment, on top of it. The IRS asks for it "
            "when it approves the plan."
        ),
    ]
    notes.extend(_penalty_notes(ctx))
    if ctx.pay_by_source == "start":
        notes.append(
            _(
                "You did not enter the notice date or the pay-by date, so we took your start "
                "date as the pay-by date."
            )
        )
    if ctx.notice_date is None:
        notes.append(
            _(
                "Without the notice date, interest is counted from the pay-by date. The IRS "
                "counts it from the notice date, so the real interest is a little higher."
            )
        )
    if ctx.v["tax"] is None:
        notes.append(
            _(
                "You did not enter the tax part of the balance, so the penalty is figured on the "
                "whole balance. That overstates it. Enter the tax line from the notice for a "
                "closer figure."
            )
        )
    if ctx.v["start"] is None:
        notes.append(
            _(
                "The first payment is on the pay-by date, {date}. Enter a start date to change it."
            ).format(date=long_date(ctx.pay_by))
        )
    years = int(facts.value("simple_plan_max_years", ctx.start))
    if ctx.notice_date:
        counted = ngettext(
            "The time allowed is counted from the notice date. The IRS counts {years} year from "
            "when it assessed the tax, which is usually a little earlier.",
            "The time allowed is counted from the notice date. The IRS counts {years} years from "
            "when it assessed the tax, which is usually a little earlier.",
            years,
        )
    else:
        counted = ngettext(
            "The time allowed is counted from the pay-by date. The IRS counts {years} year from "
            "when it assessed the tax, which is usually a little earlier.",
            "The time allowed is counted from the pay-by date. The IRS counts {years} years from "
            "when it assessed the tax, which is usually a little earlier.",
            years,
        )
    notes.append(counted.format(years=years))
    if ctx.v["other_balances"]:
        notes.append(
            _(
                "You owe {other} for other tax years too. The plan limits count everything you "
                "owe, so we used the total ({total}) to see which plans are open to you. A plan "
                "would cover all of it; the figures here are for this notice's balance only."
            ).format(other=_dollars(ctx.v["other_balances"]), total=_dollars(ctx.owed))
        )
    days = max((o["assumed_rate_days"] for o in options), default=0)
    if days:
        rate = ctx.v["rate"] if ctx.v["rate"] is not None else ctx.table[-1].rate
        notes.append(
            ngettext(
                "Up to {days} day falls after the last interest rate we know. For it we used "
                "{rate}% a year. The real rate may differ.",
                "Up to {days} days fall after the last interest rate we know. For them we used "
                "{rate}% a year. The real rate may differ.",
                days,
            ).format(days=days, rate=rate)
        )
    return notes


def _penalty_notes(ctx: _Plan) -> list[str]:
    """How the late-payment penalty is counted, given what the reader entered."""
    from cp14.terms import postponement_words

    t = ctx.terms
    notes = postponement_words(
        t, ctx.notice_date, ctx.v["pay_by"] or (t.window.end if t.window else ctx.pay_by)
    )
    if ctx.no_penalty:
        return [
            *notes,
            _(
                "A CP14H has no late-payment penalty: the IRS adds only interest to the shared "
                "responsibility payment."
            ),
        ]
    cap = ctx.rates.cap
    if t.basis == "pay_by":
        notes.append(
            _(
                "The late-payment penalty is counted from the pay-by date, for each month or "
                "part of a month, on the tax still unpaid. It stops at {cap}% of the tax. If the "
                "tax was on your return, the IRS counts from the return's due date: enter the "
                "tax year for a closer figure."
            ).format(cap=cap)
        )
    else:
        n = t.charged_months
        notes.append(
            # i18n: {date} is the return's due date; {n} the penalty months the notice holds.
            ngettext(
                "The late-payment penalty is counted from the return's due date, {date}, for "
                "each month or part of a month, on the tax still unpaid (IRC 6651(a)(2)). Your "
                "notice already holds {n} month of it. It stops at {cap}% of the tax, counting "
                "those.",
                "The late-payment penalty is counted from the return's due date, {date}, for "
                "each month or part of a month, on the tax still unpaid (IRC 6651(a)(2)). Your "
                "notice already holds {n} months of it. It stops at {cap}% of the tax, counting "
                "those.",
                n,
            ).format(date=long_date(t.clock.start), n=n, cap=cap)
        )
    notes.append(
        _(
            "A short-term plan is not an installment agreement, so the lower penalty rate does "
            "not apply to it."
        )
    )
    notes.append(
        _(
            "Interest on penalty added after this notice starts only once the IRS bills that "
            "penalty (IRC 6601(e)(2)(A)), so it is left out here. If the IRS bills it during the "
            "plan, the interest will be a little higher."
        )
    )
    levy = ctx.v["levy_notice_date"]
    if levy:
        notes.append(
            _(
                "After the notice of intent to levy of {date}, the penalty is {rate}% a month "
                "for each month that begins more than {days} days after it, except while a "
                "long-term plan is in effect (IRC 6651(d), (h))."
            ).format(
                date=long_date(levy),
                rate=ctx.rates.after_levy_notice,
                days=ctx.rates.levy_grace_days,
            )
        )
    else:
        notes.append(
            _(
                "It leaves out a notice of intent to levy, which would raise the penalty to "
                "{rate}% a month."
            ).format(rate=ctx.rates.after_levy_notice)
        )
    return notes


def _reported(ctx: _Plan, options: list[Result]) -> list[Result]:
    """Every figure used that is only reported, not confirmed from an official source."""
    out: list[Result] = []
    for name in sorted({n for o in options for n in o["reported"]}):
        f = facts.fact(name, ctx.start)
        out.append(
            {
                "name": name,
                # The fact's label is the facts' own words (facts.toml), translated there.
                "label": _(f.label),
                "value": str(f.value),
                "from": f.start.isoformat(),
                "source": facts.for_readers(f.source, f.also),
            }
        )
    for row in ctx.table:
        if row.start in ctx.quarters:
            out.append(
                {
                    "name": "interest_rate",
                    "label": _("Interest rate for the quarter that starts {date}").format(
                        date=long_date(row.start)
                    ),
                    "value": str(row.rate),
                    "from": row.start.isoformat(),
                    "source": {**_source_key("irs-quarterly-rates"), "reference": row.reference},
                }
            )
    return out


def plan(payload: Payload) -> Result:
    """Compare paying in full, a short-term plan and a long-term plan for a CP14 balance."""
    v, errors = _inputs(payload)
    if errors:
        return errors.result()
    ctx = _Plan(v)
    options = [_pay_now(ctx), _short_term(ctx), _long_term(ctx), _needs_statement(ctx)]
    for o in options:
        if not o["verdict"]:
            o["verdict"] = _("Open to you") if o["eligible"] else _("Not open to you")
        o["reported"] = [n for n in o["facts"] if facts.fact(n, ctx.start).status == "reported"]
    from cp14.interest import table_end

    out: Result = {
        "balance": money_str(ctx.balance),
        "other_balances": money_str(v["other_balances"]) if v["other_balances"] else None,
        "total_owed": money_str(ctx.owed),
        "notice": v["notice"],
        "penalty_months": ctx.terms.months_on_notice(ctx.rates),
        "postponement": ctx.terms.postponement_data(),
        "tax": money_str(v["tax"]) if v["tax"] is not None else None,
        "notice_date": ctx.notice_date.isoformat() if ctx.notice_date else None,
        "pay_by": ctx.pay_by.isoformat(),
        "pay_by_source": ctx.pay_by_source,
        "start": ctx.start.isoformat(),
        "monthly": money_str(v["monthly"]) if v["monthly"] is not None else None,
        "months": v["months"],
        "options": options,
        "payment_order": {
            "text": _("Payments go to tax first, then penalty, then interest."),
            "source": _source_key("rev-proc-2002-26"),
        },
        "assumptions": _assumptions(ctx, options),
        "assumed_rate_days": max(o["assumed_rate_days"] for o in options),
        "assumed_rate": None,
        "rates_known_through": table_end(ctx.table).isoformat(),
        "reported": _reported(ctx, options),
        # The shared disclaimer (cp14.inputs): its words are in the core's catalog.
        "disclaimer": _(DISCLAIMER),
        "links": [
            _source_key("irs-opa"),
            _source_key("irs-payment-plans"),
            _source_key("irs-simple-payment-plans"),
        ],
        "guide_page": "cant-pay/",
    }
    if out["assumed_rate_days"]:
        out["assumed_rate"] = str(v["rate"] if v["rate"] is not None else ctx.table[-1].rate)
    return out
