"""`introlint rules ...`: list, show, test, try, create, document and describe the schema of rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import IntrolintError
from .rule import CHANNELS


def _cli():
    from . import cli

    return cli


def _ruleset(config_path, no_config, rule_dirs, only_dirs, summary=False):
    cli = _cli()
    try:
        return cli.load_rules_only(config_path, no_config, rule_dirs, only_dirs, summary)
    except IntrolintError as exc:
        cli.fail_with(exc)


def rule_options(func):
    return _cli().rule_source_options(func)


@click.group()
def rules():
    """List, show, test, try, create and document rules."""


@rules.command("list")
@rule_options
@click.option("--group", default=None, help="Only rules of this group.")
@click.option("--pack", default=None, help="Only rules of this pack.")
def rules_list(config_path, no_config, rule_dirs, only_dirs, select, ignore_rules, model, group, pack):
    """List rules: id, name, group, severity, weight, pack and status."""
    ruleset = _ruleset(config_path, no_config, rule_dirs, only_dirs, summary=True)
    rows = [r for r in ruleset.rules if (group is None or r.group == group) and (pack is None or r.pack == pack)]
    click.echo(f"{'id':<5} {'name':<32} {'group':<18} {'severity':<8} {'weight':>6}  {'pack':<12} status")
    for r in rows:
        status = r.status if r.enabled else "off"
        click.echo(f"{r.id:<5} {r.name:<32} {r.group:<18} {r.severity:<8} {r.weight:>6g}  {r.pack:<12} {status}")


@rules.command("show")
@click.argument("rule_id")
@rule_options
def rules_show(rule_id, config_path, no_config, rule_dirs, only_dirs, select, ignore_rules, model):
    """Show a whole rule as a person reads it: header, docs, matcher and examples."""
    from .docs import show_rule

    click.echo(show_rule(_cli().lookup_rule(rule_id, config_path, no_config, rule_dirs, only_dirs)))


@rules.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@rule_options
@click.option("--coverage", is_flag=True, help="Also fail when a rule has no fail example that fires or no pass example.")
@click.option("-v", "--verbose", is_flag=True, help="Show passing examples too.")
def rules_test(paths, config_path, no_config, rule_dirs, only_dirs, select, ignore_rules, model, coverage, verbose):
    """Run every rule's and signal's examples, and any *.test.yaml case files in PATHS or the packs."""
    from .api import Linter
    from .casefiles import find_case_files, run_case_file
    from .ruletest import check_all_examples, coverage_problems

    cli = _cli()
    pack_dirs = [p for p in paths if Path(p).is_dir()]
    try:
        config = cli.load_settings(config_path, no_config)
        options = cli.linter_options(config, [*rule_dirs, *pack_dirs], only_dirs, model, select, ignore_rules)
        linter = Linter(**options)
    except IntrolintError as exc:
        cli.fail_with(exc)
    results = check_all_examples(linter)
    failed = [r for r in results if not r.ok]
    for r in results if verbose else failed:
        click.echo(r.describe())
        if not r.ok:
            click.echo(f"    text: {r.text[:200]!r}")
    case_dirs = [Path(p) for p in [*paths, *options["rule_dirs"]]]
    cases_run = cases_failed = 0
    try:
        for case_file in find_case_files(case_dirs):
            for outcome in run_case_file(linter, case_file):
                cases_run += 1
                if not outcome.ok:
                    cases_failed += 1
                if verbose or not outcome.ok:
                    click.echo(outcome.describe())
    except IntrolintError as exc:
        cli.fail_with(exc)
    problems = coverage_problems(linter, results) if coverage else []
    for problem in problems:
        click.echo(f"coverage: {problem}")
    total, bad = len(results) + cases_run, len(failed) + cases_failed
    click.echo(f"{total - bad} passed, {bad} failed" + (f"; {len(problems)} coverage problems" if coverage else ""))
    sys.exit(1 if bad or problems else 0)


@rules.command("try")
@click.argument("rule_file", type=click.Path(exists=True, dir_okay=False), metavar="RULE_OR_SIGNAL_FILE")
@click.argument("text", required=False)
@click.option("--to", default=None)
@click.option("--channel", default=None, type=click.Choice(CHANNELS))
@click.option("--template", is_flag=True)
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Folders with signals the rule refers to (built-in signals are always available).")
@click.option("--model", default=None, envvar="INTROLINT_MODEL")
def rules_try(rule_file, text, to, channel, template, rule_dirs, model):
    """Run one rule or signal file on TEXT (or standard input) and show every match, and why any was suppressed.

    A signal file replaces a loaded signal of the same name, so an edited copy of a built-in
    signal is tried as it would run."""
    from .tryrule import try_rule

    if text is None:
        text = sys.stdin.read()
    try:
        lines = try_rule(Path(rule_file), text, to=to, channel=channel, template=template,
                         rule_dirs=rule_dirs, model=model)
    except IntrolintError as exc:
        _cli().fail_with(exc)
    for line in lines:
        click.echo(line)


@rules.command("new")
@click.option("--group", required=True, help="The rule's group, e.g. favor-asking or a team group like recruiting.")
@click.option("--name", required=True, help="Kebab-case name of the bad pattern, e.g. salary-in-first-note.")
@click.option("--dir", "folder", default="rules", show_default=True, type=click.Path(file_okay=False))
@click.option("--id", "rule_id", default=None, help="Id to use (default: the next free one in the group).")
def rules_new(group, name, folder, rule_id):
    """Write a commented rule skeleton to DIR/<group>/<ID>-<name>.yaml (never overwrites)."""
    from .scaffold import new_rule

    try:
        path = new_rule(Path(folder), group, name, rule_id)
    except IntrolintError as exc:
        _cli().fail_with(exc)
    click.echo(str(path))


@rules.command("schema")
def rules_schema():
    """Print the JSON Schema of a rule file (for editor validation and completion)."""
    from .schema import rule_schema

    click.echo(json.dumps(rule_schema(), indent=2))


@rules.command("docs")
@rule_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
def rules_docs(config_path, no_config, rule_dirs, only_dirs, select, ignore_rules, model, output, force):
    """Generate a Markdown reference of every rule (what, why, bad, good, suggestion)."""
    from .docs import markdown_reference

    ruleset = _ruleset(config_path, no_config, rule_dirs, only_dirs)
    text = markdown_reference(ruleset)
    if output is None:
        click.echo(text, nl=False)
        return
    from .atomic import atomic_writer

    try:
        with atomic_writer(Path(output), force=force) as handle:
            handle.write(text)
    except IntrolintError as exc:
        _cli().fail_with(exc)
    click.echo(output)
