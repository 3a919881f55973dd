"""The `introlint` command: a thin layer of click options over the library."""

from __future__ import annotations

import os
import sys

import click

from .errors import IntrolintError

FORMATS = ("text", "json", "jsonl")
FAIL_LEVELS = ("info", "warning", "error", "never")


def exit_code(summary) -> int:
    """The one exit-code policy: 2 if any draft could not be checked, 1 if any failed, else 0."""
    if summary.errors:
        return 2
    if summary.failed:
        return 1
    return 0


def _comma_list(values) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


# Options shared by commands that build a Linter, declared once.
def rule_source_options(func):
    func = click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
                        help="Add a folder of rule files to the built-in rules (repeatable).")(func)
    func = click.option("--only-rules", "only_dirs", multiple=True, type=click.Path(file_okay=False),
                        help="Use only the rules in this folder (repeatable); skips the built-in rules.")(func)
    func = click.option("--select", multiple=True, metavar="IDS",
                        help="Run only these rules or groups (ids, names or groups; comma-separated).")(func)
    func = click.option("--ignore", "ignore_rules", multiple=True, metavar="IDS",
                        help="Skip these rules or groups (comma-separated).")(func)
    func = click.option("--model", default=None, envvar="INTROLINT_MODEL", show_envvar=True,
                        help="spaCy pipeline to load ('blank' for none).")(func)
    return func


def build_linter(rule_dirs, only_dirs, select, ignore_rules, model, **policy):
    from .api import Linter
    from .ruleset import load_ruleset

    if only_dirs:
        ruleset = load_ruleset(list(only_dirs) + list(rule_dirs), builtin=False)
    else:
        ruleset = load_ruleset(list(rule_dirs))
    return Linter(ruleset, select=_comma_list(select), ignore=_comma_list(ignore_rules), model=model, **policy)


def fail_with(exc: IntrolintError) -> None:
    click.echo(f"introlint: error: {exc}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="introlint", prog_name="introlint")
def main():
    """Lint introduction messages (LinkedIn notes, InMails, cold emails, DMs) before you send them."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@rule_source_options
@click.option("--to", default=None, help="Recipient's name, for drafts whose front matter has none.")
@click.option("--channel", default=None,
              type=click.Choice(["linkedin-note", "linkedin-message", "inmail", "email", "dm"]),
              help="Channel, for drafts whose front matter has none.")
@click.option("--template", is_flag=True, help="Treat drafts as templates: placeholders are allowed.")
@click.option("--min-score", type=click.IntRange(0, 100), default=60, show_default=True,
              help="Drafts scoring below this fail.")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="error", show_default=True,
              help="A finding at or above this severity fails the draft whatever its score.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal, unless NO_COLOR is set).")
@click.option("--explain", "explain_findings", is_flag=True, help="Print the docs of each rule that fired.")
@click.option("--max-bytes", type=click.IntRange(1), default=1_000_000, show_default=True,
              help="Refuse draft files larger than this.")
@click.option("--encoding", default=None, help="Decode draft files with this encoding instead of guessing.")
def check(paths, rule_dirs, only_dirs, select, ignore_rules, model, to, channel, template, min_score, fail_on,
          fmt, color, explain_findings, max_bytes, encoding):
    """Check drafts: files, folders (*.txt, *.md) or - for standard input."""
    from .drafts import expand_paths
    from .formatters import Summary, get_formatter

    try:
        targets = list(expand_paths(list(paths)))
        linter = build_linter(rule_dirs, only_dirs, select, ignore_rules, model, min_score=min_score, fail_on=fail_on)
    except IntrolintError as exc:
        fail_with(exc)
    if color is None:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    for notice in linter.notices:
        click.echo(f"introlint: note: {notice}", err=True)
    explainer = None
    if explain_findings:
        from .docs import explain_rule

        explainer = lambda rule_id: explain_rule(linter.ruleset.get(rule_id))  # noqa: E731
    formatter = get_formatter(fmt)(sys.stdout, color=color, explain_rules=explainer)
    summary = Summary()
    drafts = _drafts(targets, to, channel, template, max_bytes, encoding)
    try:
        formatter.begin()
        for report in linter.check_many(drafts):
            summary.add(report)
            if report.error and fmt == "text":
                click.echo(f"introlint: error: {report.id}: {report.error}", err=True)
                continue
            formatter.add(report)
        formatter.end(summary)
    except KeyboardInterrupt:
        sys.stdout.flush()
        click.echo("introlint: interrupted", err=True)
        sys.exit(130)
    sys.exit(exit_code(summary))


def _drafts(targets, to, channel, template, max_bytes, encoding):
    """Read each target lazily; a file that cannot be read becomes an error report, not a crash."""
    import dataclasses

    from .drafts import Draft, read_draft, read_stdin

    for target in targets:
        try:
            draft = read_stdin(max_bytes, encoding) if target == "-" else read_draft(target, max_bytes, encoding)
        except IntrolintError as exc:
            message = exc.message if exc.line is None else f"line {exc.line}: {exc.message}"
            yield Draft(text="", id=str(exc.path or target), error=message)
            continue
        yield dataclasses.replace(
            draft,
            to=draft.to if draft.to is not None else to,
            channel=draft.channel if draft.channel is not None else channel,
            template=draft.template or template,
        )


@main.command()
@click.argument("rule_id")
@rule_source_options
def explain(rule_id, rule_dirs, only_dirs, select, ignore_rules, model):
    """Print what a rule flags, why, and a bad and a good example."""
    from .docs import explain_rule
    from .ruleset import load_ruleset

    try:
        ruleset = load_ruleset(list(only_dirs) + list(rule_dirs), builtin=not only_dirs)
        rule = ruleset.get(rule_id)
    except IntrolintError as exc:
        fail_with(exc)
    except KeyError:
        from .errors import did_you_mean

        known = [r.id for r in ruleset.rules] + [r.name for r in ruleset.rules]
        click.echo(f"introlint: error: no rule '{rule_id}'{did_you_mean(rule_id, known)}", err=True)
        sys.exit(2)
    click.echo(explain_rule(rule))


@main.group()
def rules():
    """List, test and document rules."""


@rules.command("list")
@rule_source_options
@click.option("--group", default=None, help="Only rules of this group.")
def rules_list(rule_dirs, only_dirs, select, ignore_rules, model, group):
    """List rules: id, name, group, severity, weight, pack and status."""
    from .ruleset import load_ruleset

    try:
        ruleset = load_ruleset(list(only_dirs) + list(rule_dirs), builtin=not only_dirs)
    except IntrolintError as exc:
        fail_with(exc)
    rows = [r for r in ruleset.rules if group is None or r.group == group]
    click.echo(f"{'id':<5} {'name':<34} {'group':<18} {'severity':<8} {'weight':>6}  {'pack':<10} status")
    for r in rows:
        status = r.status if r.enabled else "off"
        click.echo(f"{r.id:<5} {r.name:<34} {r.group:<18} {r.severity:<8} {r.weight:>6g}  {r.pack:<10} {status}")


@rules.command("test")
@rule_source_options
@click.option("-v", "--verbose", is_flag=True, help="Show passing examples too.")
def rules_test(rule_dirs, only_dirs, select, ignore_rules, model, verbose):
    """Run every rule's and signal's examples; exit 1 if any fails."""
    from .ruletest import check_all_examples

    try:
        linter = build_linter(rule_dirs, only_dirs, select, ignore_rules, model)
    except IntrolintError as exc:
        fail_with(exc)
    results = check_all_examples(linter)
    failed = [r for r in results if not r.ok]
    for r in results if verbose else failed:
        click.echo(r.describe())
        if not r.ok:
            click.echo(f"    text: {r.text[:200]!r}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
