"""Command line: ``textqa check``, ``textqa fix``, ``textqa rules``.

Exit codes follow ruff: 0 clean, 1 findings at or above ``--fail-on`` (or, for
``fix --diff``/``--write``, a change), 2 usage, config or input error. Every error
is one line on stderr naming the file or key at fault.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from textqa import __version__

FORMATS = ("full", "concise", "json", "jsonl", "github", "sarif")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A bad combination of command-line options."""


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error, as for every other bad input (ruff's shape: the
    problem, then where to read more), instead of the whole usage block first."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"textqa: error: {message} (see '{self.prog} --help')\n")


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _named(value: str) -> str:
    """A path option: an empty one is an error, not the current folder (``Path("")`` is
    ``.``, so ``textqa fix --write "$FILE"`` with ``FILE`` unset rewrote every file)."""
    if not value:
        raise argparse.ArgumentTypeError("an empty path names no file")
    return value


def _jobs(value: str) -> int:
    """``--jobs N``: 0 means the number of cores; below 0 is an error, not the default."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (the number of cores) or more, not {jobs}")
    return jobs


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    """``--config`` and ``--isolated``, which exclude each other (as in ruff): an
    ignored --config is a setting the user asked for silently not applied."""
    config = parser.add_mutually_exclusive_group()
    config.add_argument(
        "--config", type=lambda value: Path(_named(value)), metavar="FILE",
        help="use this config file",
    )  # fmt: skip
    config.add_argument("--isolated", action="store_true", help="ignore all config files")


def _add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--version", action="version", version=f"textqa {__version__}",
        help="show the version and exit",
    )  # fmt: skip


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", type=_named, metavar="PATH", help="files or folders; - for stdin"
    )
    _add_version(parser)
    # Repeatable, each comma-separated, and accumulating (as ruff's): "extend" joins the lists.
    for option, help_text in (
        ("--select", "only these rules (replaces the config's selection)"),
        ("--ignore", "never these rules (added to the config's ignore)"),
        ("--extend-select", "add rules (to the config's selection)"),
    ):
        parser.add_argument(
            option, type=_csv, action="extend", metavar="PREFIX[,…]", help=help_text
        )
    parser.add_argument(
        "--sibling", action="append", default=[], type=_named, metavar="PATH",
        help="an article about the same event (repeatable)",
    )  # fmt: skip
    parser.add_argument(
        "--sibling-dir", type=_named, metavar="DIR",
        help="pick siblings among the articles in DIR that report the same event",
    )  # fmt: skip
    parser.add_argument("--format", choices=FORMATS, help="output format")
    parser.add_argument(
        "--fail-on", choices=("error", "warning", "info"),
        help="the lowest level that fails the check, exit 1 (default: warning, or the config's)",
    )  # fmt: skip
    _add_config_options(parser)
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour the output: on a terminal (auto, the default; NO_COLOR turns it off), "
        "always or never",
    )  # fmt: skip
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only")
    parser.add_argument(
        "--stdin-filename", type=_named, metavar="NAME", help="name for text read from stdin"
    )
    parser.add_argument(
        "--force-exclude", action="store_true",
        help="apply exclude patterns even to files named on the command line",
    )  # fmt: skip
    parser.add_argument("--deep", action="store_true", help="rescore with a language model")
    parser.add_argument("--lm-model", type=_named, metavar="PATH", help="language model for --deep")
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="worker processes: at most the number of cores, which 0 and the default mean",
    )
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="textqa",
        description="Find paraphrase (article-spinner) artifacts and restore the original wording.",
    )
    _add_version(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="report findings")
    _add_common(check)

    fix = commands.add_parser("fix", help="suggest or apply fixes")
    mode = fix.add_mutually_exclusive_group(required=True)
    mode.add_argument("--suggest", action="store_true", help="show ranked suggestions")
    mode.add_argument(
        "--diff", action="store_true",
        help="print the unified diff --write would apply (whatever --format says, as ruff's)",
    )  # fmt: skip
    mode.add_argument(
        "--write", action="store_true",
        help="apply safe fixes in place and list them (whatever --format says)",
    )  # fmt: skip
    _add_common(fix)
    fix.add_argument("--fix-threshold", type=float, metavar="X", help="min confidence to apply")

    rules = commands.add_parser(
        "rules", help="list packs and rules",
        description="list: the packs, and each rule on one line with its level, source and what "
        "it matches; show ID: the whole rule, its pattern, examples and why",
    )  # fmt: skip
    rules.add_argument(
        "action", nargs="?", choices=("list", "show"), default="list",
        help="list rules (the default) or show one",
    )  # fmt: skip
    rules.add_argument(
        "rule_id", nargs="?", metavar="PREFIX|ID",
        help="list: only rules under this prefix (news-spin, stats); show: the rule id",
    )  # fmt: skip
    _add_config_options(rules)
    rules.add_argument(
        "--format", choices=("full", "json"), default="full",
        help="a table (full, the default) or JSON with every field and the examples",
    )  # fmt: skip
    _add_version(rules)
    return parser


def _escape_undecodable_output() -> None:
    """Write what stdout cannot encode as a backslash escape, as stderr already does.

    A file name that is not UTF-8 is held with surrogate escapes (``os.fsdecode``);
    printed strictly, it crashed every report with a UnicodeEncodeError, and printed
    with ``surrogateescape`` (the C locale) it made JSON that is not UTF-8. Escaped,
    ``bad\xff.txt`` is shown as ``bad\udcff.txt``: valid UTF-8 everywhere, and in
    JSON a string escape that decodes back to the name ``os.fsencode`` turns into
    the file's bytes."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _escape_undecodable_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    from textqa.config import ConfigError
    from textqa.files import InputError
    from textqa.packs import PackError
    from textqa.problems import ProblemsError

    _stop_on_termination()
    try:
        if args.command == "rules":
            from textqa.rules_command import run_rules

            status = run_rules(args)
        else:
            from textqa.run import run_command

            status = run_command(args)
        sys.stdout.flush()  # a full disk shows here, not as a traceback at exit
        return status
    except (ConfigError, PackError, InputError, UsageError) as error:
        # A config or pack error may hold several problems: one line each, each marked.
        for problem in error.problems if isinstance(error, ProblemsError) else (str(error),):
            print(f"textqa: error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        # Each file is written whole or not at all (temporary file and rename): what the
        # change list printed is on disk, the rest untouched.
        print("textqa: interrupted", file=sys.stderr)
        return 130
    except _Terminated as stop:
        print(f"textqa: stopped by {stop.name}", file=sys.stderr)
        return 128 + stop.number
    except BrokenPipeError:
        # Output piped into `head`: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as error:
        if error.errno is None or not _on_standard_stream(error):
            raise
        # stdout on a full disk (/dev/full): exit 1 would read as "findings".
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"textqa: error: cannot write the output: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR


class _Terminated(BaseException):
    """SIGTERM or SIGHUP (a CI timeout, a closed terminal), raised where the program is
    so that, as for Ctrl-C, ``fix --write`` removes its temporary file on the way out."""

    def __init__(self, number: int) -> None:
        import signal

        super().__init__(number)
        self.number = number
        self.name = signal.Signals(number).name


def _stop_on_termination() -> None:
    import signal

    def stop(number: int, _frame: object) -> None:
        raise _Terminated(number)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def _on_standard_stream(error: OSError) -> bool:
    """Whether ``error`` came from writing textqa's own output (stdout)."""
    import errno

    return error.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT) and not error.filename


if __name__ == "__main__":
    sys.exit(main())
