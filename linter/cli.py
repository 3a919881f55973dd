"""The `introlint` command: a thin layer of click options over the library."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from .errors import IntrolintError

from .rule import CHANNELS as CHANNEL_CHOICES
from .scoring import FAIL_LEVELS

FORMAT_CHOICES = ["text", "json", "jsonl", "sarif", "github", "csv"]


def exit_code(summary) -> int:
    """The one exit-code policy: 2 if any draft could not be checked, 1 if any failed, else 0."""
    if summary.errors:
        return 2
    if summary.failed:
        return 1
    return 0


def _comma_list(values) -> list[str]:
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def fail_with(exc: IntrolintError) -> None:
    click.echo(f"introlint: error: {exc}", err=True)
    from .errors import RuleError

    if isinstance(exc, RuleError):
        click.echo("introlint: the rule format is in docs/writing-rules.md; "
                   "`introlint rules schema` prints its JSON Schema", err=True)
    sys.exit(2)


# -- options declared once and shared -----------------------------------------------------------

def rule_source_options(func):
    for option in reversed([
        click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                     help="Config file (default: nearest .introlint.yaml or pyproject.toml [tool.introlint])."),
        click.option("--no-config", is_flag=True, help="Ignore config files."),
        click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
                     help="Add a folder of rule files (a pack) to the built-in rules (repeatable)."),
        click.option("--only-rules", "only_dirs", multiple=True, type=click.Path(file_okay=False),
                     help="Use only the rules in this folder (repeatable); skips the built-in rules."),
        click.option("--select", multiple=True, metavar="IDS",
                     help="Run only these rules or groups (ids, names or groups; comma-separated)."),
        click.option("--ignore", "ignore_rules", multiple=True, metavar="IDS",
                     help="Skip these rules or groups (comma-separated)."),
        click.option("--model", default=None, envvar="INTROLINT_MODEL", show_envvar=True,
                     help="spaCy pipeline to load ('blank' for none)."),
    ]):
        func = option(func)
    return func


def load_settings(config_path, no_config, **cli_values):
    """Config file values, overridden by whatever was given on the command line."""
    from .config import Config, load_config

    config = Config() if no_config else load_config(Path(config_path) if config_path else None)
    return config.merged(**cli_values)


def rule_folders(config, rule_dirs=(), only_dirs=()) -> list:
    """Packs in load order: --only-rules, then config packs, then --rules."""
    return [*only_dirs, *config.packs, *rule_dirs]


def linter_options(config, rule_dirs=(), only_dirs=(), model=None, select=(), ignore_rules=()) -> dict:
    """Keyword arguments for Linter, picklable so worker processes can rebuild the same Linter."""
    from .scoring import Policy

    return {
        "rule_dirs": [str(f) for f in rule_folders(config, rule_dirs, only_dirs)],
        "builtin": not only_dirs,
        "select": tuple(_comma_list(select)) or config.select,
        "ignore": tuple(_comma_list(ignore_rules)) or config.ignore,
        "overrides": dict(config.overrides),
        "policy": Policy(min_score=config.min_score, fail_on=config.fail_on),
        "settings": dict(config.settings),
        "model": model,
        "default_channel": config.channel,
        "vocabulary": tuple(config.vocabulary),
        "cache": True,  # the validated rules are kept in the user cache directory (INTROLINT_NO_CACHE=1: off)
    }


def load_rules_only(config_path, no_config, rule_dirs, only_dirs, summary=False):
    """The RuleSet the options describe, without loading spaCy (for list/explain/show); see load_ruleset."""
    from .ruleset import load_ruleset

    config = load_settings(config_path, no_config)
    ruleset = load_ruleset(rule_folders(config, rule_dirs, only_dirs), builtin=not only_dirs, cache=True,
                           summary=summary)
    return ruleset.with_overrides(config.overrides, config.path or "config") if config.overrides else ruleset


# -- commands -----------------------------------------------------------------------------------

def _print_version(ctx, _param, value) -> None:
    if value and not ctx.resilient_parsing:
        from .version import version

        click.echo(f"introlint, version {version()}")
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def main():
    """Lint introduction messages (LinkedIn notes, InMails, cold emails, DMs) before you send them."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@rule_source_options
@click.option("--to", default=None, help="Recipient's name, for drafts whose front matter has none.")
@click.option("--channel", default=None, type=click.Choice(CHANNEL_CHOICES),
              help="Channel, for drafts whose front matter has none.")
@click.option("--template", is_flag=True, default=None, help="Treat drafts as templates: placeholders are allowed.")
@click.option("--min-score", type=click.IntRange(0, 100), default=None, help="Drafts scoring below this fail [60].")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default=None,
              help="A finding at or above this severity fails the draft whatever its score [error].")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--force", is_flag=True, help="With --output: replace an existing file.")
@click.option("--color/--no-color", default=None, help="Colour text output (default: on a terminal, unless NO_COLOR is set).")
@click.option("--explain", "explain_findings", is_flag=True, help="Print the docs of each rule that fired.")
@click.option("--text-column", default="text", show_default=True, help="CSV/JSONL field holding the draft.")
@click.option("--id-column", default="id", show_default=True, help="CSV/JSONL field holding the draft id.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@click.option("--campaign/--no-campaign", default=True, show_default=True,
              help="Across several drafts, flag ones that are the same template with names swapped.")
@click.option("-q", "--quiet", is_flag=True, help="Print only findings and errors (no progress, no summary).")
@click.option("--max-bytes", type=click.IntRange(1), default=None, help="Refuse draft files larger than this [1000000].")
@click.option("--encoding", default=None, help="Decode draft files with this encoding instead of guessing.")
def check(paths, config_path, no_config, rule_dirs, only_dirs, select, ignore_rules, model, to, channel, template,
          min_score, fail_on, fmt, output, force, color, explain_findings, text_column, id_column, jobs, campaign,
          quiet, max_bytes, encoding):
    """Check drafts: files, folders (*.txt, *.md), CSV/JSONL batches, or - for standard input."""
    from .batchgc import batch_gc, paused_gc

    try:
        # start-up (spaCy, the rules, their matchers) makes long-lived objects and next to no garbage
        with paused_gc():
            from .api import Linter
            from .batch import Columns
            from .sources import Defaults, iter_drafts, rereadable, resolve_targets

            config = load_settings(config_path, no_config, channel=channel, min_score=min_score,
                                   fail_on=fail_on, template=template, max_bytes=max_bytes)
            targets = resolve_targets(list(paths))
            defaults = Defaults(to=to, channel=config.channel, template=config.template, max_bytes=config.max_bytes,
                                encoding=encoding, columns=Columns(text_column, id_column))
            sizes = None
            if campaign and rereadable(targets) and _more_than(targets, 1):
                from .campaignpass import CampaignSizes

                # the first pass over the batch runs in a child process while the rules load
                sizes = CampaignSizes(lambda: iter_drafts(targets, defaults))
            options = linter_options(config, rule_dirs, only_dirs, model, select, ignore_rules)
            linter = Linter(**options)
    except IntrolintError as exc:
        fail_with(exc)
    for notice in linter.notices:
        click.echo(f"introlint: note: {notice}", err=True)

    drafts = iter_drafts(targets, defaults)
    if sizes is not None:
        drafts = _with_clusters(targets, defaults, iter_drafts, sizes)
    batch_gc()  # the rules and pipeline live for the whole run: keep them out of every GC pass
    from .formatters import Output, get_formatter

    if output:
        color = False
    elif color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    written = Output(fmt, color, explain_findings)
    if jobs > 1:
        from .api import BATCH_SIZE
        from .parallel import check_parallel, render_parallel

        # warm up before the workers start when each will surely get a full chunk anyway
        warm = _more_than(targets, BATCH_SIZE)
        if get_formatter(fmt).renders:  # the workers write the reports out too
            reports = render_parallel(options, drafts, jobs, written, linter=linter, warm=warm)
        else:
            reports = check_parallel(options, drafts, jobs, linter=linter, warm=warm)
    else:
        reports = linter.check_many(drafts)

    if output:
        from .atomic import atomic_writer

        try:
            with atomic_writer(Path(output), force=force) as stream:
                summary = _emit(reports, linter, written, stream, quiet)
        except IntrolintError as exc:
            fail_with(exc)
    else:
        if fmt != "text":
            _utf8(sys.stdout)
        summary = _emit(reports, linter, written, sys.stdout, quiet)
    sys.exit(exit_code(summary))


def _more_than(targets, count: int) -> bool:
    """Whether the run has more than `count` files, or a CSV/JSONL batch (taken to hold many drafts)."""
    from .batch import is_batch

    return len(targets) > count or any(is_batch(t) for t in targets)


def _with_clusters(targets, defaults, iter_drafts, sizes):
    """Second pass over the drafts, with the cluster sizes of the first (linter/campaignpass.py)."""
    import dataclasses

    for draft, size in zip(iter_drafts(targets, defaults), sizes.result()):
        yield dataclasses.replace(draft, cluster_size=size)


def _emit(reports, linter, written, stream, quiet):
    """Write reports as they arrive; errors also go to stderr in text mode; Ctrl-C exits 130."""
    from .formatters import Rendered, Summary

    fmt = written.fmt
    formatter = written.formatter(linter, stream)
    summary = Summary()
    progress = _Progress(enabled=not quiet and fmt == "text" and stream is sys.stdout
                         and sys.stderr.isatty() and sys.stdout.isatty())
    try:
        formatter.begin()
        for report in reports:
            summary.add(report)
            progress.tick(summary.drafts)
            if report.error is not None and fmt == "text":
                where = report.id + (f" (row {report.row})" if report.row is not None else "")
                progress.clear()
                click.echo(f"introlint: error: {where}: {report.error}", err=True)
                continue
            if quiet and fmt == "text" and report.passed:
                continue
            progress.clear()
            if isinstance(report, Rendered):  # written out by a --jobs worker
                formatter.add_rendered(report)
            else:
                formatter.add(report)
        progress.clear()
        if not (quiet and fmt == "text"):
            formatter.end(summary)
        stream.flush()
    except KeyboardInterrupt:
        progress.clear()
        stream.flush()
        click.echo(f"introlint: interrupted after {summary.drafts} drafts", err=True)
        sys.exit(130)
    except BrokenPipeError:  # e.g. `introlint check big.jsonl --format jsonl | head`
        sys.stderr.close()
        sys.exit(exit_code(summary))
    return summary


class _Progress:
    """A one-line counter on stderr for long batches, only on a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def tick(self, count: int) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last > 0.25 and now - self.start > 1.0:
            rate = count / max(now - self.start, 1e-9)
            sys.stderr.write(f"\rchecked {count:,} drafts ({rate:,.0f}/s)")
            sys.stderr.flush()
            self.last, self.shown = now, True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


@main.command()
@click.argument("rule_id")
@rule_source_options
def explain(rule_id, config_path, no_config, rule_dirs, only_dirs, select, ignore_rules, model):
    """Print what a rule flags, why, and a bad and a good example."""
    from .docs import explain_rule

    click.echo(explain_rule(lookup_rule(rule_id, config_path, no_config, rule_dirs, only_dirs)))


def lookup_rule(rule_id, config_path, no_config, rule_dirs, only_dirs):
    """The rule with this id or name among the configured rules, or exit 2 with a suggestion."""
    from .errors import did_you_mean

    try:
        ruleset = load_rules_only(config_path, no_config, rule_dirs, only_dirs)
    except IntrolintError as exc:
        fail_with(exc)
    try:
        return ruleset.get(rule_id)
    except KeyError:
        known = [r.id for r in ruleset.rules] + [r.name for r in ruleset.rules]
        click.echo(f"introlint: error: no rule '{rule_id}'{did_you_mean(rule_id, known)}", err=True)
        sys.exit(2)


@main.command("config")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
def show_config(config_path):
    """Print the effective configuration and where each value came from."""
    from .config import describe, load_config

    try:
        config = load_config(Path(config_path) if config_path else None)
    except IntrolintError as exc:
        fail_with(exc)
    for line in describe(config):
        click.echo(line)


from .rules_cli import rules  # noqa: E402  (the `rules` command group lives in its own module)

main.add_command(rules)


def _tolerant_streams() -> None:
    """Characters the terminal's encoding lacks (say, a draft's curly quotes on a Latin-1
    console) are written as backslash escapes instead of failing the command."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _utf8(stream) -> None:
    """Machine formats (JSON, SARIF, CSV, GitHub annotations) are UTF-8 whatever the locale
    says (RFC 8259 requires it of JSON)."""
    from .formatters import writes_utf8

    if hasattr(stream, "reconfigure") and not writes_utf8(stream):
        stream.reconfigure(encoding="utf-8", errors="strict")


def run() -> None:
    """Console entry point: run the command, flush, and leave without interpreter teardown.

    Tearing down spaCy's modules takes about a third of a second and does nothing useful
    for a one-shot command, so once every output stream is flushed the process just exits.
    """
    _tolerant_streams()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        if exc.code is not None and not isinstance(exc.code, int):
            click.echo(str(exc.code), err=True)
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        pass
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
