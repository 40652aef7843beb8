"""The ``aep-streaming`` command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..client import AepClient

app = typer.Typer(help="Adobe Experience Platform streaming sources as code.", no_args_is_help=True)
emulator_app = typer.Typer(help="The local AEP emulator.", no_args_is_help=True)
app.add_typer(emulator_app, name="emulator")
profile_app = typer.Typer(help="Real-Time Customer Profiles.", no_args_is_help=True)
app.add_typer(profile_app, name="profile")
plugin_app = typer.Typer(help="The provider plugin for YAML, TypeScript and other languages.", no_args_is_help=True)
app.add_typer(plugin_app, name="plugin")


def _version(show: bool) -> None:
    if show:
        from .. import __version__

        typer.echo(f"aep-streaming {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Adobe Experience Platform streaming sources as code."""


@emulator_app.command(
    "serve",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def serve(ctx: typer.Context) -> None:
    """Serve a local AEP on HOST:PORT until interrupted (--help lists the options)."""
    try:
        from ..emulator.server import main as run
    except ImportError as missing:  # the emulator's server libraries are an extra
        raise typer.BadParameter(
            f"the emulator needs its extra ({missing.name} is missing): pip install 'pulumi-aep-streaming[emulator]'"
        ) from None
    run(ctx.args, prog="aep-streaming emulator serve")


@plugin_app.command("install")
def plugin_install(
    pulumi: Annotated[str, typer.Option(help="The Pulumi CLI to install it with.")] = "pulumi",
) -> None:
    """Put the `aep` provider plugin into Pulumi's plugin cache (once per machine and Python
    environment, CI included), so that programs in any language can use StreamingSource."""
    from ..plugin import PluginInstallError, install

    try:
        version = install(pulumi)
    except PluginInstallError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"installed the aep plugin {version}; in a YAML or TypeScript project: pulumi package add aep@{version}")


@app.command("send")
def send(
    inlet_url: Annotated[str, typer.Argument(help="The inlet URL (e.g. `pulumi stack output inlet_url`).")],
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Files of records: JSON Lines, a JSON array or CSV with a header row; - for stdin."),
    ] = None,
    record: Annotated[
        list[str] | None, typer.Option("--record", "-r", help="One JSON record to send (repeatable).")
    ] = None,
    input_format: Annotated[
        str, typer.Option("--format", help="auto (by file name, then content), jsonl, json or csv.")
    ] = "auto",
    single: Annotated[bool, typer.Option(help="One request per record instead of the batch endpoint.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=1000, help="Records per batch (bodies stay under 1 MB).")] = 100,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Requests in flight at once.")] = 4,
    rate: Annotated[float | None, typer.Option(min=0.1, help="At most this many records per second.")] = None,
    rejects: Annotated[
        Path, typer.Option(help="Where records that were not ingested go (JSON Lines with the reason).")
    ] = Path("rejects.jsonl"),
    flow_id: Annotated[str | None, typer.Option(help="Sent as x-adobe-flow-id (HTTP API inlets).")] = None,
    authenticated: Annotated[
        bool,
        typer.Option(
            "--auth",
            help="Send a bearer token (inlets with authentication): the stack's aep:* config, then AEP_* variables.",
        ),
    ] = False,
    stack: Annotated[str | None, typer.Option(help="With --auth: read aep:* settings from this stack.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Stream records into a streaming inlet, in batches, and account for every one.

    Records DCS refuses, lines that are not JSON and records never sent are written to the rejects
    file with the reason; the exit code is 1 when there is any.
    """
    from .send.command import SendOptions, run_send

    run_send(
        SendOptions(
            inlet_url=inlet_url,
            inputs=inputs or [],
            records=record or [],
            input_format=input_format,
            single=single,
            batch_size=batch_size,
            concurrency=concurrency,
            rate=rate,
            rejects=rejects,
            flow_id=flow_id,
            authenticated=authenticated,
            stack=stack,
            progress=progress,
        )
    )


StackOption = Annotated[
    str | None,
    typer.Option(help="Read aep:* settings from this stack's config (default: the current stack, if any)."),
]
SandboxOption = Annotated[
    str | None,
    typer.Option(
        help="The sandbox the flows live in, when not the stack's aep:sandboxName (a resource's sandbox input)."
    ),
]


def _client(stack: str | None, sandbox: str | None = None) -> AepClient:
    """A client on the settings the provider uses: the stack's aep:* config, then AEP_* variables."""
    from ..client import AepClient, AepConfigError
    from .stack_config import settings

    try:
        chosen = settings(stack)
    except (AepConfigError, ValueError) as error:  # ValueError: a bad stack name or setting
        raise typer.BadParameter(str(error)) from None
    return AepClient(chosen.model_copy(update={"sandbox_name": sandbox}) if sandbox else chosen)


@app.command("runs")
def runs(
    flow_id: Annotated[str, typer.Argument(help="The flow (e.g. `pulumi stack output flow_id`).")],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many runs, newest first.")] = 20,
    watch: Annotated[bool, typer.Option(help="Refresh until interrupted.")] = False,
    interval: Annotated[float, typer.Option(min=0.5, help="Seconds between refreshes with --watch.")] = 5.0,
    stack: StackOption = None,
    sandbox: SandboxOption = None,
) -> None:
    """Show a flow's runs: state, records received, ingested and failed, timings."""
    from rich.console import Console

    from .monitor import UnknownFlowError, runs_view

    with _client(stack, sandbox) as client:
        try:
            if not watch:
                Console().print(runs_view(client, flow_id, limit))
                return
            _watch(lambda: runs_view(client, flow_id, limit), interval)
        except UnknownFlowError as error:
            raise typer.BadParameter(str(error)) from None


@profile_app.command("get")
def profile_get(
    ns: Annotated[str, typer.Option("--ns", help="The identity's namespace code (Email, ECID, a custom code).")],
    entity_id: Annotated[str, typer.Option("--id", help="The identity's value, e.g. ada@example.com.")],
    fields: Annotated[
        list[str] | None, typer.Option("--fields", help="Only these attribute paths (repeatable), e.g. person.name.")
    ] = None,
    merge_policy: Annotated[
        str | None, typer.Option(help="The merge policy id (default: the sandbox's default policy).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as the Profile API answers it.")] = False,
    stack: StackOption = None,
) -> None:
    """Show the merged profile of an identity: its identities, source datasets and attributes."""
    import json

    from rich.console import Console

    from .profile import profile_view

    with _client(stack) as client:
        found = client.profile.entity(ns, entity_id, fields=fields or (), merge_policy_id=merge_policy)
    if found is None:
        typer.echo(f"no profile has identity {entity_id} in namespace {ns}", err=True)
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(found.model_dump(by_alias=True, mode="json"), indent=2, ensure_ascii=False))
        return
    Console().print(profile_view(found))


def _watch(render: Callable[[], RenderableType], interval: float) -> None:
    import time

    from rich.live import Live

    with Live(render(), auto_refresh=False) as live:
        try:
            while True:
                time.sleep(interval)
                live.update(render(), refresh=True)
        except KeyboardInterrupt:
            pass


@app.command("status")
def status(
    flow: Annotated[
        list[str] | None, typer.Option("--flow", help="A flow id (repeatable); default: the stack's flow outputs.")
    ] = None,
    stack: StackOption = None,
    sandbox: SandboxOption = None,
    watch: Annotated[bool, typer.Option(help="Refresh until interrupted.")] = False,
    interval: Annotated[float, typer.Option(min=0.5, help="Seconds between refreshes with --watch.")] = 5.0,
) -> None:
    """Show each flow of a stack: state, inlet URL and last run."""
    from rich.console import Console

    from .monitor import UnknownFlowError, stack_flow_ids, status_of, status_view

    try:
        ids = flow or stack_flow_ids(stack)
        with _client(stack, sandbox) as client:

            def render() -> RenderableType:
                return status_view([status_of(client, i) for i in ids])

            if watch:
                _watch(render, interval)
            else:
                Console().print(render())
    except UnknownFlowError as error:
        raise typer.BadParameter(str(error)) from None


@app.command("promote")
def promote(
    stacks: Annotated[str, typer.Option(help="The stacks, in promotion order, comma-separated: dev,stage,prod.")],
    cwd: Annotated[Path, typer.Option(help="The Pulumi project's directory.")] = Path("."),
    allow_drift: Annotated[bool, typer.Option(help="Update stacks that have drifted.")] = False,
    allow_data_loss: Annotated[
        bool, typer.Option(help="Update although a replace or delete would delete a dataset, schema or sandbox.")
    ] = False,
    preview_only: Annotated[bool, typer.Option(help="Preview every stack and print the plan; update none.")] = False,
    skip_checkpoints: Annotated[
        bool,
        typer.Option(
            help="Update with PULUMI_SKIP_CHECKPOINTS=true (state written at the end): for large stacks; a stack "
            "with a Sandbox or MergePolicy keeps its checkpoints."
        ),
    ] = False,
) -> None:
    """Preview every stack at once (refresh first, to find drift), print one table, then update them
    in order, stopping at the first failure.

    Exit codes: 0 promoted (or nothing to do), 1 a preview or update failed, 3 drift found, 4 a
    replace or delete would delete data; on 3 and 4 nothing was updated.
    """
    from rich.console import Console

    from ..promotion import promote as run_promotion
    from .promote import plan_table, summary

    names = [s.strip() for s in stacks.split(",") if s.strip()]
    if not names:
        raise typer.BadParameter("name at least one stack: --stacks dev,stage,prod")
    console = Console()
    promotion = run_promotion(
        names,
        cwd,
        allow_drift=allow_drift,
        allow_data_loss=allow_data_loss,
        preview_only=preview_only,
        skip_checkpoints=skip_checkpoints,
        on_plans=lambda plans: console.print(plan_table(plans)),
        on_output=lambda line: console.print(line, markup=False, highlight=False),
    )
    console.print(summary(promotion, preview_only), highlight=False)
    raise typer.Exit(int(promotion.outcome))


@app.command("export")
def export(
    sandbox: Annotated[
        str | None,
        typer.Option(help="The sandbox to export (default: the stack's aep:sandboxName or AEP_SANDBOX_NAME)."),
    ] = None,
    flow: Annotated[list[str] | None, typer.Option("--flow", help="Export only this flow (repeatable).")] = None,
    out: Annotated[Path, typer.Option(help="Directory to write the Pulumi project into.")] = Path("aep-export"),
    project: Annotated[str | None, typer.Option(help="Pulumi project name (default: aep-<sandbox>).")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite files already in --out.")] = False,
    protect: Annotated[
        bool, typer.Option(help="Mark every resource protected, so `pulumi destroy` cannot delete what was adopted.")
    ] = False,
    import_file: Annotated[
        Path | None,
        typer.Option(
            help="Also write a Pulumi import file here (relative to --out): `pulumi import --file` then brings "
            "the entities into state with no adopt_id in the program (Pulumi 3.254 or later)."
        ),
    ] = None,
    stack: StackOption = None,
) -> None:
    """Write a Pulumi program that declares the sandbox's streaming flows, each entity with adopt_id
    (or, with --import-file, brought into state by `pulumi import`).

    The first `pulumi up` of it adopts everything and changes nothing in AEP.
    """
    from rich.console import Console

    from .export import FILES, Exporter, ExportError, render
    from .export import import_file as export_import_file

    existing = [str(out / f) for f in FILES if (out / f).exists()]
    if existing and not force:
        raise typer.BadParameter(f"{', '.join(existing)} already exist; choose another --out or pass --force")
    with _client(stack, sandbox) as client:
        name = project or f"aep-{client.settings.sandbox_name}"
        try:
            program = Exporter(client).export(flow or [])
        except ExportError as error:
            raise typer.BadParameter(str(error)) from None
    out.mkdir(parents=True, exist_ok=True)
    named = str(import_file) if import_file else None
    for file_name, text in render(program, project=name, protect=protect, import_file=named).items():
        (out / file_name).write_text(text)
    if import_file:
        (out / import_file).write_text(json.dumps(export_import_file(program), indent=2) + "\n")
    console = Console()
    flows = sum(1 for d in program.declared if d.cls == "Dataflow")
    console.print(f"exported {flows} flow(s), {len(program.declared)} resources, into {out}/", highlight=False)
    for skipped in program.skipped:
        console.print(f"  not exported: {skipped}", highlight=False, markup=False)
    console.print(f"next: see {out / 'README.md'} for the `pulumi config set` lines, then `pulumi up`", highlight=False)


@emulator_app.command("rows")
def rows(
    dataset_id: Annotated[str, typer.Argument(help="Dataset id (e.g. `pulumi stack output dataset_id`).")],
    url: Annotated[str, typer.Option(help="The emulator's base URL.")] = "http://127.0.0.1:8088",
    sandbox: Annotated[str, typer.Option(help="Sandbox of the dataset.")] = "prod",
) -> None:
    """Show the XDM rows the emulator stored in a dataset."""
    import json

    import httpx
    from rich.console import Console

    response = httpx.get(f"{url}/_emulator/datasets/{dataset_id}/rows", headers={"x-sandbox-name": sandbox}, timeout=30)
    response.raise_for_status()
    console = Console()
    stored = response.json()
    console.print(f"{len(stored)} row(s) in dataset {dataset_id} (sandbox {sandbox}):")
    for row in stored:
        console.print_json(json.dumps(row))
