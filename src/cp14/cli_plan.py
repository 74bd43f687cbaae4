"""The `cp14 plan` command (its options, the API input they make, the text answer), and
the options every date command shares (the notice, its tax year, a postponement).

cp14.cli registers the command with `add_parser` and prints what `text` returns;
the numbers come from cp14.api's `plan` call.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from typing import Any

from cp14.i18n import _, long_date, weekday

NOTE = "General information, not tax advice."


def add_notice_options(p: argparse.ArgumentParser, *, levy: bool = True) -> None:
    """The options every date command shares: the notice, its tax year, a postponement."""
    p.add_argument(
        "--notice",
        choices=["CP14", "CP14I", "CP14H"],
        default="CP14",
        help="the notice number at the top right (default: CP14)",
    )
    due = p.add_mutually_exclusive_group()
    due.add_argument(
        "--tax-year",
        metavar="YYYY",
        help="the tax year on the notice (penalty months from its due date)",
    )
    due.add_argument(
        "--return-due-date",
        metavar="YYYY-MM-DD",
        help="the date the tax on the return was due (penalty months count from it)",
    )
    p.add_argument(
        "--postponed-until",
        metavar="YYYY-MM-DD",
        help="end of an IRS disaster postponement that covers you (IRS.gov/disastertaxrelief)",
    )
    p.add_argument(
        "--postponed-from",
        metavar="YYYY-MM-DD",
        help="start of that postponement (default: the notice date)",
    )
    if levy:
        p.add_argument(
            "--levy-notice-date",
            metavar="YYYY-MM-DD",
            help="date of a notice of intent to levy (CP504), if you got one",
        )


def notice_payload(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "notice": args.notice,
        "tax_year": args.tax_year,
        "return_due_date": args.return_due_date,
        "postponed_until": args.postponed_until,
        "postponed_from": args.postponed_from,
        "levy_notice_date": getattr(args, "levy_notice_date", None),
    }


def add_parser(sub: Any, common: Any) -> None:  # noqa: ANN401 - argparse's private types
    p = sub.add_parser(
        "plan",
        parents=[common],
        help="compare paying now with a short-term or long-term payment plan",
        description="Compare what paying the balance now, with a short-term plan or with a "
        "long-term plan adds in interest, penalty and fees. An estimate. " + NOTE,
    )
    p.add_argument("--balance", required=True, metavar="AMOUNT", help="the balance on the notice")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--monthly", metavar="AMOUNT", help="what you can pay each month")
    how.add_argument("--months", metavar="N", help="in how many months you want to finish")
    p.add_argument("--tax", metavar="AMOUNT", help="the tax part of the balance (for the penalty)")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--notice-date", metavar="YYYY-MM-DD", help="the date printed on the notice")
    when.add_argument("--pay-by", metavar="YYYY-MM-DD", help="the pay-by date on the notice")
    p.add_argument(
        "--start", metavar="YYYY-MM-DD", help="date of the first payment (default: the pay-by date)"
    )
    p.add_argument(
        "--direct-debit", action="store_true", help="you will pay by automatic bank draft"
    )
    p.add_argument("--online", action="store_true", help="you will apply online")
    p.add_argument(
        "--low-income", action="store_true", help="you qualify as low income for the setup fee"
    )
    p.add_argument(
        "--late-return",
        action="store_true",
        help="your return was filed late (the lower plan penalty rate does not apply)",
    )
    p.add_argument("--rate", metavar="PCT", help="annual rate to assume past the known quarters")
    p.add_argument(
        "--other-balances",
        metavar="AMOUNT",
        help="what you owe for other tax years (the plan limits count the total)",
    )
    p.add_argument("--today", metavar="YYYY-MM-DD", help="count from this date (default: today)")
    add_notice_options(p)
    p.add_argument("--json", action="store_true", help="print JSON, with the monthly schedule")


def payload(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "balance": args.balance,
        "monthly": args.monthly,
        "months": args.months,
        "tax": args.tax,
        "notice_date": args.notice_date,
        "pay_by": args.pay_by,
        "start": args.start,
        "direct_debit": args.direct_debit,
        "online": args.online,
        "low_income": args.low_income,
        "late_return": args.late_return,
        "rate": args.rate,
        "other_balances": args.other_balances,
    }


def _long_date(iso: str) -> str:
    """'Monday, December 7, 2026' / 'lunes, 7 de diciembre de 2026'."""
    d = date.fromisoformat(iso)
    return f"{weekday(d)}, {long_date(d)}"


def _usd(text: str) -> str:
    return f"${Decimal(text):,.2f}"


def text(r: dict[str, Any]) -> str:
    """The plan call's answer as plain text, in the reader's language (the call's words
    already are; these are the headings and the lines around them)."""
    lines = [
        _("Balance: {balance}. Pay by: {date}.").format(
            balance=_usd(r["balance"]), date=_long_date(r["pay_by"])
        ),
        "",
    ]
    for o in r["options"]:
        # i18n: an option's title and whether it is open to you ("Short-term plan: Open to you").
        lines.append(_("{title}: {verdict}").format(title=o["title"], verdict=o["verdict"]))
        lines.append(f"  {o['summary']}")
        if o["eligible"] and o["schedule"]:
            line = _(
                "Setup fee {fee}, interest {interest}, penalty {penalty}: {added} added, "
                "{paid} paid in all."
            ).format(
                fee=_usd(o["setup_fee"]),
                interest=_usd(o["interest"]),
                penalty=_usd(o["penalty"]),
                added=_usd(o["total_added"]),
                paid=_usd(o["total_paid"]),
            )
            lines.append(f"  {line}")
        if o["why"] != o["summary"]:
            lines.append("  " + _("Why: {why}").format(why=o["why"]))
        if o["reported"]:
            lines.append(
                "  " + _("Uses figures that are reported, not confirmed: check them on IRS.gov.")
            )
        lines.append("")
    lines.append(_("Assumptions:"))
    lines.extend(f"  - {a}" for a in r["assumptions"])
    if r["reported"]:
        lines.append(_("Reported figures (seen only in other sources, not confirmed):"))
        lines.extend(f"  - {x['label']}: {x['value']}" for x in r["reported"])
    lines.append(_("Apply for a plan: {url}").format(url=r["links"][0]["url"]))
    # i18n: --json is the command's option; keep it as it is.
    lines.append(_("Use --json for the month-by-month schedule."))
    lines.append(r["disclaimer"])
    return "\n".join(lines)
