"""One ``check`` or ``fix`` invocation: resolve inputs and config, check, report, exit.

Bad input never stops the run early: an unreadable file is reported as a one-line
error, the other files are still checked, and the exit code is 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from textqa.config import Config, ConfigError, RuleSelection, config_for
from textqa.detectors import CheckContext, is_known_selector, known_rules
from textqa.document import Document
from textqa.engine import DocumentResult, RunResult, check_document, load_siblings
from textqa.files import (
    DEFAULT_EXCLUDE,
    InputError,
    SourceFile,
    decode,
    discover,
    is_excluded,
    read_source,
)
from textqa.findings import at_least
from textqa.scheduler import FileOutcome

STDIN = "-"


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    """Command-line settings that replace the config file's (selection aside)."""
    changes: dict[str, object] = {"fail_on": args.fail_on}
    if getattr(args, "fix_threshold", None) is not None:
        if not 0 <= args.fix_threshold <= 1:
            raise ConfigError(f"--fix-threshold must be from 0 to 1, not {args.fix_threshold}")
        changes["fix_threshold"] = args.fix_threshold
    return changes


def _unique(values: list[str] | None) -> tuple[str, ...]:
    """Repeated options' prefixes in order, each once (``--ignore stats --ignore stats``)."""
    return tuple(dict.fromkeys(values or ()))


def cli_selection(args: argparse.Namespace) -> RuleSelection | None:
    """The command line's selection layer, or ``None`` when it sets none. As in ruff,
    ``--select`` replaces the config's selection while ``--ignore`` and
    ``--extend-select`` alone adjust it, so the file's ignores still apply."""
    select, ignore = _unique(args.select), _unique(args.ignore)
    extend = _unique(args.extend_select)
    if not (select or ignore or extend):
        return None
    return RuleSelection(select or None, ignore, extend)


def apply_cli(config: Config, args: argparse.Namespace) -> Config:
    """``config`` (a file's, or the defaults) with the command line's options over it."""
    return config.with_overrides(**_overrides(args)).with_selection(cli_selection(args))


def validate_selectors(config: Config, context: CheckContext) -> None:
    """Refuse ``--select nwes-spin``: a typo must not silently check nothing.

    The command line's options are checked first and named as options; any other bad
    prefix came from the config file, and the error names that file and key.
    """
    known = known_rules(context)
    options: list[tuple[str, tuple[str, ...]]] = []  # (how the error starts, prefixes)
    for layer in config.overrides:
        options += [
            ("`--select`: ", layer.select or ()),
            ("`--ignore`: ", layer.ignore),
            ("`--extend-select`: ", layer.extend_select),
        ]
    options += [
        (_origin(config, "select"), config.select),
        (_origin(config, "ignore"), config.ignore),
        (_origin(config, "extend-select"), config.extend_select),
        *((_origin(config, "per-file-ignores"), p) for _, p in config.per_file_ignores),
    ]
    problems = [
        f"{origin}unknown rule or prefix {prefix!r}"
        for origin, prefixes in options
        for prefix in prefixes
        if not is_known_selector(prefix, known)
    ]
    if problems:
        raise ConfigError(*problems)


def _origin(config: Config, option: str) -> str:
    """Where a config setting came from, as an error message starts: file and key."""
    if config.source is None:
        return f"`{option}`: "
    table = "tool.textqa." if config.source.name == "pyproject.toml" else ""
    return f"{config.source}: `{table}{option}`: "


def _paths(args: argparse.Namespace) -> list[str]:
    """The inputs named, or stdin when piped, or the working folder."""
    if args.paths:
        return list(args.paths)
    return [STDIN] if stdin_piped() else ["."]


def stdin_piped() -> bool:
    """Whether stdin holds input: a pipe, a socket or a redirected file. Not a terminal,
    and not a closed stdin or ``/dev/null``, which cron, nohup and CI runners give a
    process that reads nothing: there the working folder is checked (as ruff does), not
    an empty text that would pass. A stream without a descriptor (an API caller's or
    a test's) holds input unless it says it is a terminal."""
    import stat

    stream = sys.stdin
    if stream is None:
        return False
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return not stream.isatty()
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISREG(mode)


def _stdin_bytes() -> bytes:
    """All of stdin, or a one-line error when there is none to read."""
    stream = sys.stdin
    if stream is None or getattr(stream, "buffer", None) is None:
        raise InputError("<stdin>: no standard input to read (it is closed)")
    return stream.buffer.read()


def _config_start(args: argparse.Namespace) -> Path | None:
    """Where the run-wide config (exclude, fail-on, siblings) is searched from: the first
    path (a folder itself, a file's folder), or for stdin its ``--stdin-filename``, as
    ruff does; ``None`` is the working folder."""
    first = _paths(args)[0]
    if first == STDIN:
        return Path(args.stdin_filename) if args.stdin_filename else None
    return Path(first)


def _stdin_excluded(args: argparse.Namespace, config: Config) -> bool:
    """``--force-exclude`` applies to ``--stdin-filename`` too (as ruff): an editor or
    hook piping an excluded file gets it left alone."""
    if not (args.force_exclude and args.stdin_filename):
        return False
    patterns = DEFAULT_EXCLUDE + config.exclude + config.extend_exclude
    return is_excluded(Path(args.stdin_filename), patterns, config.root)


def _inputs(args: argparse.Namespace, config: Config) -> list[str]:
    paths = _paths(args)
    names: list[str] = []
    files = [p for p in paths if p != STDIN]
    excludes = config.exclude + config.extend_exclude
    if files:
        empty = None if args.quiet else _warn_empty
        names.extend(discover(files, excludes, args.force_exclude, config.root, empty))
    if STDIN in paths and not _stdin_excluded(args, config):
        names.insert(paths.index(STDIN) if paths.index(STDIN) < len(names) else len(names), STDIN)
    return names


def _warn_empty(folder: str) -> None:
    """A folder that yields nothing is likely a wrong path or extension: say so (as ruff
    does), without failing the run."""
    print(f"textqa: warning: no files to check under {folder}", file=sys.stderr)


def _read(name: str, args: argparse.Namespace) -> SourceFile:
    if name == STDIN:
        display = args.stdin_filename or "<stdin>"
        return decode(display, _stdin_bytes())
    return read_source(name)


def _siblings(args: argparse.Namespace, config: Config) -> list[Document]:
    """The ``--sibling`` files, then the config's ``siblings`` globs' (each file once).

    A folder, a missing file or a bad one (binary, not UTF-8, a symlink loop) named with
    --sibling is an InputError from reading it (engine._read_sibling); a stray file a
    glob catches is left out with a note, as in a --sibling-dir folder (a trial's glob
    caught a binary file and the whole run stopped)."""
    import glob

    named = list(dict.fromkeys(args.sibling))
    documents = load_siblings([Path(name) for name in named])
    seen = set(named)
    for pattern in config.siblings:
        # glob.glob, not Path.glob: an absolute pattern ("/data/coverage/*.txt") is
        # allowed, where Path.glob raised NotImplementedError (a trial's traceback).
        found = sorted(glob.glob(os.path.join(config.root, pattern), recursive=True))
        files = [name for name in found if os.path.isfile(name)]
        if found and not files:
            where = f"{config.source}: " if config.source else ""
            raise ConfigError(
                f"{where}`siblings`: {pattern!r} names a folder, not articles: give its files "
                f"({os.path.join(pattern, '*.txt')!r}) or use --sibling-dir"
            )
        for name in files:
            if name in seen:
                continue
            seen.add(name)
            # Named as load_siblings names a --sibling file.
            found = _stray_sibling(name, str(Path(name)), "the config's siblings", args)
            if found is not None:
                documents.append(found)
    return documents


def _stray_sibling(name: str, path: str, where: str, args: argparse.Namespace) -> Document | None:
    """A sibling file nobody named (a glob or a folder caught it) as a Document, or None
    with a note when it cannot be read (binary, not UTF-8...)."""
    try:
        source = read_source(name)
    except InputError as error:
        if not args.quiet:
            print(f"textqa: note: {error}; left out of {where}", file=sys.stderr)
        return None
    return Document(source.text, path)


def _sibling_pool(args: argparse.Namespace) -> tuple[Document, ...]:
    """The articles of ``--sibling-dir``. A crawl's folder has stray files (binary,
    other encodings): those are left out with a note, not made errors, since none of
    them was asked for by name."""
    if not args.sibling_dir:
        return ()
    folder = Path(args.sibling_dir)
    if not os.path.isdir(folder):
        what = "not a folder" if os.path.lexists(folder) else "sibling folder not found"
        raise InputError(f"{folder}: {what}")
    pool: list[Document] = []
    for name in discover([str(folder)]):
        found = _stray_sibling(name, name, "the --sibling-dir pool", args)
        if found is not None:
            pool.append(found)
    return tuple(pool)


class ContextFactory:
    """The CheckContext for each input: its own config (found upward), shared siblings.

    ``fix`` re-checks fixed text through the same factory, so a re-check sees exactly
    what the first check saw.
    """

    def __init__(self, args: argparse.Namespace, base: Config) -> None:
        self.args = args
        self.base = base
        self.siblings = tuple(_siblings(args, base))
        pool = _sibling_pool(args)
        self.extra: dict[str, object] = {"sibling_pool": pool} if pool else {}
        self._configs: dict[Path, Config] = {}

    def __call__(self, name: str | None) -> CheckContext:
        """The context for file ``name``; ``None`` or ``-`` is stdin, configured as the
        file ``--stdin-filename`` names (its config, per-file ignores)."""
        args = self.args
        config = self.base
        if name in (None, STDIN):
            name = args.stdin_filename
        if name is not None and args.config is None and not args.isolated:
            config = self._file_config(Path(name))
        return CheckContext(config, self.siblings, args.deep, args.lm_model, dict(self.extra))

    def _file_config(self, file: Path) -> Config:
        """The config of ``file``, looked up once per folder and run (the search up the
        tree is a few dozen stat calls)."""
        config = self._configs.get(file.parent)
        if config is None:
            config = apply_cli(config_for(file, None, False), self.args)
            self._configs[file.parent] = config
        return config


def run_command(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    base = apply_cli(config_for(_config_start(args), args.config, args.isolated), args)
    base_context = CheckContext(config=base, deep=args.deep, lm_model=args.lm_model)
    validate_selectors(base, base_context)
    if args.lm_model and not args.deep:
        # As with any option that would do nothing: say so rather than ignore it.
        raise ConfigError("`--lm-model` only applies with `--deep`")
    if args.deep:
        from textqa.deep import ensure_available

        ensure_available(args.lm_model)
    names = _inputs(args, base)
    _warn_idle_siblings(args, base)
    if args.command == "fix" and args.write and STDIN not in names and STDIN in _paths(args):
        # Excluded stdin: `fix --write` still prints it, unchanged, or an editor that
        # replaces the buffer with our output would empty it.
        sys.stdout.buffer.write(_stdin_bytes())
        sys.stdout.buffer.flush()
    context_for = ContextFactory(args, base)
    run = RunResult()
    sources: dict[str, SourceFile] = {}
    for outcome in _outcomes(args, names, context_for):
        if outcome.error is not None:
            run.errors.append(outcome.error)
            print(f"textqa: error: {outcome.error}", file=sys.stderr)
            continue
        assert outcome.result is not None
        run.documents.append(outcome.result)
        if outcome.source is not None:
            sources[outcome.source.path] = outcome.source
    run.seconds = time.perf_counter() - started
    if args.command == "fix":
        from textqa.fix import run_fix

        status = run_fix(args, run, sources, base, context_for)
    else:
        status = _report(args, run, base)
    return 2 if run.errors else status


def _warn_idle_siblings(args: argparse.Namespace, config: Config) -> None:
    """``--select siblings`` with no sibling to compare passed silently ("All checks
    passed"): say that the selection can find nothing, as for any option that would do
    nothing."""
    only_siblings = bool(args.select) and all(
        p == "siblings" or p.startswith("siblings.") for p in args.select
    )
    if only_siblings and not (args.sibling or args.sibling_dir or config.siblings):
        print(
            "textqa: warning: only siblings rules are selected, and no sibling is given "
            "(--sibling, --sibling-dir or the config's siblings): nothing can be found",
            file=sys.stderr,
        )


def _outcomes(args: argparse.Namespace, names: list[str], context_for) -> Iterator[FileOutcome]:
    """Stdin in-process, files through the scheduler (parallel for large batches)."""
    from textqa.scheduler import Plan, run_plan

    keep = args.command == "fix"
    files = [name for name in names if name != STDIN]
    if STDIN in names:
        try:
            source = _read(STDIN, args)
        except InputError as error:
            yield FileOutcome(STDIN, error=str(error))
        else:
            doc = Document(source.text, source.path)
            yield FileOutcome(STDIN, check_document(doc, context_for(STDIN)), source)
    sizes = {name: _size(name) for name in files}
    plan = Plan(files, context_for, keep_sources=keep, sizes=sizes)
    progress = not (args.quiet or args.no_progress)
    yield from run_plan(plan, args.jobs, progress)


def _size(name: str) -> int:
    try:
        return os.path.getsize(name)
    except OSError:
        return 0


def _report(args: argparse.Namespace, run: RunResult, config: Config) -> int:
    from textqa.report import render

    fmt = choose_format(args.format)
    output = render(fmt, run, color=use_color(args.color), quiet=args.quiet)
    if output:
        sys.stdout.write(output)
        sys.stdout.flush()
    return 1 if failing(run.documents, config.fail_on) else 0


def failing(documents: list[DocumentResult], fail_on: str) -> bool:
    return any(at_least(f.level, fail_on) for d in documents for f in d.findings)


def choose_format(requested: str | None) -> str:
    if requested:
        return requested
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "full" if sys.stdout.isatty() else "concise"


def use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()
