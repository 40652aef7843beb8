"""``aep-streaming send``: read the inputs, send them with a progress bar, print the summary."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ...client import AepClient, AepConfigError, AepSettings
from ..stack_config import PulumiCommandError, settings
from .records import FORMATS, Format, Record, RecordFileError, Source, parse, read
from .sender import RateLimit, RejectsFile, Sender, Summary


@dataclass(frozen=True)
class SendOptions:
    inlet_url: str
    inputs: list[str]
    records: list[str]
    input_format: str
    single: bool
    batch_size: int
    concurrency: int
    rate: float | None
    rejects: Path
    flow_id: str | None
    authenticated: bool
    stack: str | None
    progress: bool


class RecordsPerSecond(ProgressColumn):
    """Records/s over rich's recent window."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.0f} records/s" if task.speed else "- records/s", style="progress.data.speed")


def _settings(authenticated: bool, stack: str | None) -> AepSettings:
    """Credentials for an inlet with authentication, from the settings the provider reads (the
    stack's aep:* config, then AEP_*); an inlet without it needs none and gets no credentials."""
    if not authenticated:
        return AepSettings.unauthenticated()
    try:
        return settings(stack)
    except (AepConfigError, PulumiCommandError) as error:
        raise typer.BadParameter(f"--auth needs AEP credentials: {error}") from None


def _inline(texts: list[str]) -> Iterator[Record]:
    return (parse(f"--record #{index}", text) for index, text in enumerate(texts, start=1))


def _sources(options: SendOptions) -> list[Source]:
    if options.input_format not in FORMATS:
        raise typer.BadParameter(f"--format {options.input_format!r}: use one of {', '.join(FORMATS)}")
    fmt: Format = options.input_format  # narrowed by the check above
    sources = [Source(name, fmt) for name in options.inputs]
    missing = [s.name for s in sources if s.name != "-" and not Path(s.name).is_file()]
    if missing:
        raise typer.BadParameter(f"no such file: {', '.join(missing)} (pass JSON records with --record)")
    if not sources and not options.records:
        raise typer.BadParameter("nothing to send: give files, - for stdin, or --record JSON")
    return sources


def run_send(options: SendOptions) -> None:
    sources = _sources(options)
    out = Console(soft_wrap=True)  # summary lines whole, for logs and greps
    err = Console(stderr=True)
    try:
        counts = [s.survey() for s in sources]
    except RecordFileError as error:
        raise typer.BadParameter(f"{error}; nothing was sent") from None
    total = None if None in counts else sum(c or 0 for c in counts) + len(options.records)
    records = itertools.chain(_inline(options.records), *(read(s) for s in sources))
    rejects = RejectsFile(options.rejects)
    progress = Progress(
        TextColumn("sending"),
        BarColumn(),
        MofNCompleteColumn(),
        RecordsPerSecond(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not options.progress,
    )
    task = progress.add_task("send", total=total)
    with AepClient(_settings(options.authenticated, options.stack)) as client, progress:
        sender = Sender(
            client.inlet,
            options.inlet_url,
            rejects,
            flow_id=options.flow_id,
            authenticated=options.authenticated,
            batch_size=options.batch_size,
            single=options.single,
            concurrency=options.concurrency,
            rate=RateLimit(options.rate),
            on_progress=lambda n: progress.advance(task, n),
        )
        try:
            summary = sender.run(records)
        except RecordFileError as error:
            summary = sender.summary
            summary.stopped = str(error)
        finally:
            rejects.close()
        progress.update(task, total=summary.read)  # the line count was an estimate (blank lines)
    _report(out, summary, rejects)
    if summary.rejected or summary.not_sent or summary.stopped:
        raise typer.Exit(1)


def _report(out: Console, summary: Summary, rejects: RejectsFile) -> None:
    line = (
        f"{summary.accepted:,} accepted, {summary.rejected:,} rejected, {summary.not_sent:,} not sent "
        f"in {summary.seconds:.1f} s ({summary.rate:,.0f} records/s, {summary.requests:,} requests)"
    )
    out.print(line, highlight=False)
    for reject in summary.first_rejects:
        out.print(f"  rejected {reject}", highlight=False, markup=False)
    if summary.rejected > len(summary.first_rejects):
        out.print(f"  ... and {summary.rejected - len(summary.first_rejects):,} more", highlight=False)
    if summary.stopped:
        out.print(f"stopped: {summary.stopped}", style="red", highlight=False, markup=False)
    if summary.rejected or summary.not_sent:
        out.print(f"rejects written to {rejects.path}", highlight=False)
