"""The `cp14` command line: a thin layer over `cp14.api`.

Bad input exits with status 2 and one line per problem on standard error,
naming the field. No rule lives here. It never prints a traceback: input it
cannot read, output it cannot write or encode, all end in one line and status
2; a reader that stops early (``| head``) ends it quietly with status 0.

Under ``--lang es`` the answers and the errors are in Spanish (cp14.i18n): the
words this file writes are in the "cli" catalog, the rest come from the API.
An error line keeps its form, ``error: FIELD: message``: FIELD is the name of
the field (a key, never translated). argparse's own help stays in English.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TextIO

from cp14 import __version__, api, cli_plan, i18n
from cp14.i18n import N_, _, ngettext
from cp14.inputs import parse_lang
from cp14.validate import Errors

EXIT_BAD_INPUT = 2
NOTE = N_("General information, not tax advice.")
# How sure each quarter's interest rate is (the API's "status" keys).
RATE_STATUS = {
    # i18n: an interest rate (la tasa) the IRS has announced.
    "confirmed": N_("confirmed"),
    # i18n: an interest rate (la tasa) reported by others, not yet seen from the IRS.
    "reported": N_("reported"),
    # i18n: an interest rate (la tasa) assumed for a quarter not yet announced.
    "assumed": N_("assumed"),
}


def _error(field: str, message: str) -> str:
    """One error line: the field's name (a key) and the message, in the reader's language."""
    return f"error: {field}: {message}"


def _print_errors(result: dict[str, Any], err: TextIO) -> int:
    for row in result["errors"]:
        print(_error(row["field"], row["message"]), file=err)
    return EXIT_BAD_INPUT


def _answer(
    name: str,
    payload: Any,  # noqa: ANN401
    as_text: Callable[[dict[str, Any]], str],
    as_json: bool,
    out: TextIO,
    err: TextIO,
) -> int:
    """Call the API; print the answer (JSON or text) or the errors, and return the exit status."""
    if isinstance(payload, dict) and "lang" not in payload:
        payload = {**payload, "lang": i18n.current()}
    result = api.call(name, payload)
    if "errors" in result:
        return _print_errors(result, err)
    print(
        json.dumps(result, indent=2, ensure_ascii=False) if as_json else as_text(result), file=out
    )
    return 0


def _next_business_day(r: dict[str, Any]) -> str:
    return r["next_business_day"]


def _fmt_date(iso: str) -> str:
    """'Monday, December 7, 2026' / 'lunes, 7 de diciembre de 2026'."""
    d = date.fromisoformat(iso)
    return f"{i18n.weekday(d)}, {i18n.long_date(d)}"


def _usd(text: str) -> str:
    from decimal import Decimal

    return f"${Decimal(text):,.2f}"


def _deadlines_text(r: dict[str, Any]) -> str:
    pay_by = _fmt_date(r["pay_by"])
    if r["pay_by_source"] == "notice":
        # i18n: {date} is a weekday and a date, like "Monday, December 7, 2026".
        lines = [_("Pay by: {date} (printed on your notice)").format(date=pay_by)]
    else:
        lines = [_("Pay by: {date}").format(date=pay_by)]
    if r["days_left"] is not None:
        left = r["days_left"]
        lines.append(
            _("Days left: {n}").format(n=left)
            if left >= 0
            else ngettext("Overdue by {n} day", "Overdue by {n} days", -left).format(n=-left)
        )
    until = _fmt_date(r["interest_free_until"])
    lines.append(_("Interest-free until: {date}").format(date=until))
    # i18n: {rule} is a sentence that says how the interest-free window is counted.
    lines.append("  " + _("Rule: {rule}").format(rule=r["window"]["rule"]))
    if "estimate" in r:
        e = r["estimate"]
        message = _(
            "Paying on {date} adds about {added} (interest {interest}, penalty {penalty}). "
            "This is an estimate."
        )
        lines.append(
            message.format(
                date=_fmt_date(e["payment_date"]),
                added=_usd(e["total_added"]),
                interest=_usd(e["interest"]),
                penalty=_usd(e["penalty"]),
            )
        )
        total = _usd(e["total_to_pay"])
        lines.append(_("Total to pay that day: about {total}").format(total=total))
        lines.extend(f"  - {a}" for a in e["assumptions"])
    if r.get("overdue"):
        lines.extend(r["overdue"]["text"])
    lines.append(_("If nothing is paid, typically (estimates, not promises):"))
    lines.extend(
        f"  {_fmt_date(s['typical_date'])}: {(s['notice'] + ' ').lstrip()}{s['title']}"
        for s in r["timeline"]
    )
    lines.extend(_("Note: {note}").format(note=a) for a in r["assumptions"])
    lines.append(_(NOTE))
    return "\n".join(lines)


def _interest_text(r: dict[str, Any]) -> str:
    # i18n: the dates are written YYYY-MM-DD; the amounts are plain numbers after "$".
    heading = _("Interest on ${amount} from {start} to {end}: ${interest}")
    lines = [
        heading.format(amount=r["amount"], start=r["from"], end=r["to"], interest=r["interest"]),
        _("Total: ${total}").format(total=r["total"]),
    ]
    for p in r["periods"]:
        status = RATE_STATUS.get(p["status"])
        # i18n: one quarter of the period; {status} is how sure the rate is ("confirmed"),
        # {reference} where it comes from. English says "days" for one day too.
        period = ngettext(
            "{start} to {end}: {n} days at {rate}% ({status}; {reference}): ${interest}",
            "{start} to {end}: {n} days at {rate}% ({status}; {reference}): ${interest}",
            p["days"],
        )
        line = period.format(
            start=p["from"],
            end=p["to"],
            n=p["days"],
            rate=p["rate"],
            status=_(status) if status else p["status"],
            reference=p["reference"],
            interest=p["interest"],
        )
        lines.append("  " + line)
    lines.extend(r["notes"])
    lines.append(_(NOTE))
    return "\n".join(lines)


MAX_INPUT = 1_000_000  # bytes: a letter's answers are a few kilobytes


def _read_bounded(path: str, stdin: TextIO) -> bytes:
    """At most MAX_INPUT + 1 bytes of the input (so /dev/zero cannot fill the memory)."""
    if path == "-":
        source = getattr(stdin, "buffer", None)
        if source is None:  # a text stream (tests): its text, encoded back
            return stdin.read(MAX_INPUT + 1).encode("utf-8", "surrogatepass")
        return source.read(MAX_INPUT + 1)
    with open(path, "rb") as fh:
        return fh.read(MAX_INPUT + 1)


def _load_json(path: str, stdin: TextIO) -> tuple[Any, str | None]:
    try:
        data = _read_bounded(path, stdin)
    except FileNotFoundError:
        return None, _error("input", _("file not found: {path}").format(path=path))
    except IsADirectoryError:
        return None, _error("input", _("{path} is a folder, not a file").format(path=path))
    except OSError as exc:
        # i18n: {reason} is the system's own words (English).
        message = _("cannot read {path} ({reason})").format(path=path, reason=exc.strerror)
        return None, _error("input", message)
    if len(data) > MAX_INPUT:
        message = _(
            "more than {n} MB; the answers for a letter are a few kilobytes of JSON. "
            "Check the file."
        )
        return None, _error("input", message.format(n=MAX_INPUT // 1_000_000))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, _error("input", _("not UTF-8 text. Save the file as UTF-8 JSON."))
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        # i18n: {detail} is the JSON reader's own words (English).
        return None, _error("input", _("not valid JSON ({detail})").format(detail=exc))
    except RecursionError:
        return None, _error("input", _("the JSON is nested too deeply to read"))
    except ValueError:  # e.g. an integer longer than Python converts (4,300 digits)
        return None, _error("input", _("the JSON has a number with too many digits"))


def _undecodable(argv: Sequence[str]) -> str | None:
    """The first argument that is not valid text (bytes the locale could not decode)."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cp14",
        description="Deadlines, cost estimates and letters for an IRS CP14 notice. " + NOTE,
    )
    parser.add_argument("--version", action="version", version=f"cp14 {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Every command takes --lang; cp14.api checks it, as it does for every door.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        metavar="LANG",
        help="the language of the answer: en (English, the default) or es (Spanish)",
    )

    d = sub.add_parser(
        "deadlines",
        parents=[common],
        help="pay-by date, interest-free window, what comes next",
        description="Pay-by date, interest-free window, days left and the "
        "typical next notices. " + NOTE,
    )
    d.add_argument(
        "--notice-date", required=True, metavar="YYYY-MM-DD", help="the date printed on the notice"
    )
    d.add_argument("--amount", metavar="N", help="the amount due on the notice")
    d.add_argument("--pay-by", metavar="YYYY-MM-DD", help="the pay-by date printed on the notice")
    d.add_argument(
        "--today", metavar="YYYY-MM-DD", help="count days left from this date (default: today)"
    )
    d.add_argument(
        "--payment-date", metavar="YYYY-MM-DD", help="estimate what paying on this date adds"
    )
    d.add_argument("--tax", metavar="N", help="the tax part of the balance (for the penalty)")
    d.add_argument(
        "--installment-agreement",
        action="store_true",
        help="an approved payment plan is in effect (lower penalty rate)",
    )
    d.add_argument("--rate", metavar="PCT", help="annual rate to assume past the known quarters")
    cli_plan.add_notice_options(d)
    d.add_argument(
        "--paid",
        action="append",
        metavar="AMOUNT@YYYY-MM-DD",
        help="a payment made since the notice (repeat for each)",
    )
    d.add_argument("--json", action="store_true", help="print JSON")

    i = sub.add_parser(
        "interest",
        parents=[common],
        help="daily-compounded IRS interest on an amount",
        description="Underpayment interest compounded daily at the quarterly "
        "IRS rates (IRC 6621, 6622). " + NOTE,
    )
    i.add_argument("--amount", required=True, metavar="N")
    i.add_argument(
        "--from",
        dest="start",
        required=True,
        metavar="YYYY-MM-DD",
        help="interest accrues for each day after this date",
    )
    i.add_argument(
        "--to",
        dest="end",
        required=True,
        metavar="YYYY-MM-DD",
        help="... up to and including this date",
    )
    i.add_argument(
        "--rate",
        metavar="PCT",
        help="annual rate for days past the known quarters (else the last known rate)",
    )
    i.add_argument("--json", action="store_true", help="print JSON")

    b = sub.add_parser(
        "business-day",
        parents=[common],
        help="this date if it is a business day, else the next one",
        description="Print the date if it is a business day (IRC 7503: not a "
        "weekend or DC legal holiday), else the next business day.",
    )
    b.add_argument("date", metavar="YYYY-MM-DD")
    b.add_argument("--json", action="store_true", help="print JSON")

    c = sub.add_parser(
        "calendar",
        parents=[common],
        help="an .ics calendar file with the deadlines",
        description="Write an iCalendar file with the dates still ahead: the pay-by date, "
        "the day you plan to pay, and a reminder to check the mail for the next notice.",
    )
    c.add_argument("--notice-date", required=True, metavar="YYYY-MM-DD")
    c.add_argument("--amount", metavar="N")
    c.add_argument("--pay-by", metavar="YYYY-MM-DD")
    c.add_argument("--payment-date", metavar="YYYY-MM-DD", help="the day you plan to pay")
    c.add_argument(
        "--today", metavar="YYYY-MM-DD", help="only dates from this day on (default: today)"
    )
    cli_plan.add_notice_options(c)
    c.add_argument("--output", "-o", metavar="FILE", help="write here (default: standard output)")

    lt = sub.add_parser(
        "letter",
        parents=[common],
        help="write a dispute or penalty-relief letter",
        description="Write a letter from a JSON file of answers. Use --example "
        "to see every field. " + NOTE,
    )
    lt.add_argument("kind", choices=["dispute", "penalty-relief"])
    src = lt.add_mutually_exclusive_group(required=True)
    src.add_argument("--input", metavar="FILE.json", help="answers as JSON ('-' = standard input)")
    src.add_argument(
        "--example", action="store_true", help="print a complete example input for this kind"
    )
    lt.add_argument("--format", choices=["text", "html"], default="text")
    lt.add_argument(
        "--call-sheet",
        action="store_true",
        help="print the call sheet instead: for phoning the IRS, from the same answers",
    )
    cli_plan.add_parser(sub, common)
    return parser


def _write_file(path: str, text: str, err: TextIO) -> int:
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        # i18n: {reason} is "it is a folder", or the system's own words (English).
        folder = isinstance(exc, IsADirectoryError)
        reason = _("it is a folder") if folder else exc.strerror
        message = _("cannot write {path}: {reason}").format(path=path, reason=reason)
        print(_error("output", message), file=err)
        return EXIT_BAD_INPUT
    return 0


def _quiet_stdout(out: TextIO) -> None:
    """The reader closed the pipe: send what is left to /dev/null, so that Python's own
    flush at exit does not fail again."""
    if out is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    today: date | None = None,
) -> int:
    stdin, out, err = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    # The reader's language as typed, for the lines written before the arguments are
    # read or after a failure (_run checks --lang properly).
    with i18n.language(_typed_lang(sys.argv[1:] if argv is None else argv)):
        return _guarded(argv, stdin, out, err, today)


def _typed_lang(argv: Sequence[str]) -> str:
    """The value of --lang (or --lang=...) among the arguments, if it is one we have."""
    args = list(argv)
    for i, arg in enumerate(args):
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif isinstance(arg, str) and arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
        if isinstance(value, str) and value.strip().lower() in i18n.LANGS:
            return value.strip().lower()
    return i18n.DEFAULT


def _guarded(
    argv: Sequence[str] | None,
    stdin: TextIO,
    out: TextIO,
    err: TextIO,
    today: date | None,
) -> int:
    try:
        code = _run(argv, stdin, out, err, today)
        out.flush()
    except BrokenPipeError:
        _quiet_stdout(out)
        return 0
    except UnicodeEncodeError as exc:
        message = _(
            "cannot show some characters in {encoding}. Set PYTHONIOENCODING=utf-8, or use "
            "--output or a file."
        )
        print(_error("output", message.format(encoding=exc.encoding)), file=err)
        return EXIT_BAD_INPUT
    except (RecursionError, MemoryError) as exc:
        # i18n: {kind} is the name of a Python error, like MemoryError.
        message = _("too large or too deeply nested ({kind})")
        print(_error("input", message.format(kind=type(exc).__name__)), file=err)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a last guard: one line, never a traceback
        # i18n: {kind} is the name of a Python error, like ValueError.
        message = _("could not be processed ({kind})")
        print(_error("input", message.format(kind=type(exc).__name__)), file=err)
        return EXIT_BAD_INPUT
    return code


def _run(
    argv: Sequence[str] | None,
    stdin: TextIO,
    out: TextIO,
    err: TextIO,
    today: date | None,
) -> int:
    bad = _undecodable(sys.argv[1:] if argv is None else argv)
    if bad is not None:
        message = _(
            "{argument} is not valid text in this terminal's encoding. Type it again, or set "
            "a UTF-8 locale (LANG=C.UTF-8)."
        )
        print(_error("arguments", message.format(argument=repr(bad))), file=err)
        return EXIT_BAD_INPUT
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse prints its own message
        return int(exc.code or 0) and EXIT_BAD_INPUT
    today = today or date.today()
    errors = Errors()
    lang = parse_lang(errors, {"lang": args.lang})
    if errors:
        return _print_errors(errors.result(), err)
    with i18n.language(lang):
        return _command(args, stdin, out, err, today)


def _command(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO, today: date) -> int:
    """Run the parsed command, in the reader's language (every payload carries it)."""
    lang = i18n.current()
    if args.command in ("deadlines", "calendar"):
        payload = {
            "notice_date": args.notice_date,
            "amount": args.amount,
            "pay_by": args.pay_by,
            "today": getattr(args, "today", None) or today.isoformat(),
            "payment_date": getattr(args, "payment_date", None),
            "tax": getattr(args, "tax", None),
            "installment_agreement": getattr(args, "installment_agreement", False),
            "rate": getattr(args, "rate", None),
            "paid": getattr(args, "paid", None) or [],
            **cli_plan.notice_payload(args),
        }
        if args.command == "calendar":
            result = api.call("calendar", {**payload, "lang": lang})
            if "errors" in result:
                return _print_errors(result, err)
            if args.output:
                return _write_file(args.output, result["ics"], err)
            else:
                out.write(result["ics"])
            return 0
        return _answer("deadlines", payload, _deadlines_text, args.json, out, err)

    if args.command == "interest":
        payload = {"amount": args.amount, "from": args.start, "to": args.end, "rate": args.rate}
        return _answer("interest", payload, _interest_text, args.json, out, err)

    if args.command == "plan":
        payload = {
            **cli_plan.payload(args),
            **cli_plan.notice_payload(args),
            "today": args.today or today.isoformat(),
        }
        return _answer("plan", payload, cli_plan.text, args.json, out, err)

    if args.command == "business-day":
        return _answer("business_day", {"date": args.date}, _next_business_day, args.json, out, err)

    # letter
    if args.example:
        return _answer("letter_example", {"kind": args.kind}, str, True, out, err)
    data, problem = _load_json(args.input, stdin)
    if problem:
        print(problem, file=err)
        return EXIT_BAD_INPUT
    if isinstance(data, dict):
        data = {**data, "kind": args.kind, "draft": False, "today": today.isoformat()}
        if args.lang is not None:  # the flag wins over the file's own "lang"
            data["lang"] = lang
        data.setdefault("letter_date", today.isoformat())
    call = "call_sheet" if args.call_sheet else "letter"
    return _answer(call, data, lambda r: r[args.format].rstrip("\n"), False, out, err)
