"""The ``aep-streaming`` command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .emulator.settings import (
    DEFAULT_CLIENT_ID,
    DEFAULT_ORG_ID,
    DEFAULT_SANDBOXES,
    DEFAULT_TENANT_ID,
    EmulatorSettings,
)

app = typer.Typer(help="Adobe Experience Platform streaming sources as code.", no_args_is_help=True)
emulator_app = typer.Typer(help="The local AEP emulator.", no_args_is_help=True)
app.add_typer(emulator_app, name="emulator")


def _version(show: bool) -> None:
    if show:
        from . import __version__

        typer.echo(f"aep-streaming {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Adobe Experience Platform streaming sources as code."""


@emulator_app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port; 0 picks a free one.")] = 8088,
    data_dir: Annotated[
        Path, typer.Option(help="Where the SQLite state lives.", envvar="AEP_EMULATOR_DATA_DIR")
    ] = Path(".aep-emulator"),
    sandbox: Annotated[list[str] | None, typer.Option(help="A sandbox to serve (repeatable).")] = None,
    client_id: Annotated[str, typer.Option(envvar="AEP_EMULATOR_CLIENT_ID")] = DEFAULT_CLIENT_ID,
    client_secret: Annotated[
        str | None,
        typer.Option(
            envvar="AEP_EMULATOR_CLIENT_SECRET",
            show_default=False,
            help="Client secret (default: emulator-client-secret).",
        ),
    ] = None,
    org_id: Annotated[str, typer.Option(envvar="AEP_EMULATOR_ORG_ID")] = DEFAULT_ORG_ID,
    tenant_id: Annotated[str, typer.Option(envvar="AEP_EMULATOR_TENANT_ID")] = DEFAULT_TENANT_ID,
    token_ttl: Annotated[
        int, typer.Option(help="Access token lifetime in seconds.", envvar="AEP_EMULATOR_TOKEN_TTL")
    ] = 86399,
) -> None:
    """Serve a local AEP on HOST:PORT until interrupted."""
    try:
        from .emulator.server import serve as run
    except ImportError as missing:  # the emulator's server libraries are an extra
        raise typer.BadParameter(
            f"the emulator needs its extra ({missing.name} is missing): pip install 'pulumi-aep-streaming[emulator]'"
        ) from None

    settings = EmulatorSettings.from_env(
        data_dir=data_dir,
        sandboxes=tuple(sandbox) if sandbox else DEFAULT_SANDBOXES,
        client_id=client_id,
        client_secret=client_secret,
        org_id=org_id,
        tenant_id=tenant_id,
        token_ttl_seconds=token_ttl,
    )
    run(settings, host=host, port=port)


@app.command("send")
def send(
    inlet_url: Annotated[str, typer.Argument(help="The inlet URL (e.g. `pulumi stack output inlet_url`).")],
    records: Annotated[list[str], typer.Argument(help="JSON records to post, one argument each.")],
    flow_id: Annotated[str | None, typer.Option(help="Sent as x-adobe-flow-id (HTTP API inlets).")] = None,
) -> None:
    """Post records to a streaming inlet, one request each, and show what it answered."""
    import json

    import httpx
    from rich.console import Console

    console = Console()
    headers = {"x-adobe-flow-id": flow_id} if flow_id else {}
    failed = False
    with httpx.Client(timeout=30) as http:
        for raw in records:
            try:
                record = json.loads(raw)
            except ValueError as exc:
                raise typer.BadParameter(f"not JSON: {raw!r} ({exc})") from exc
            response = http.post(inlet_url, json=record, headers=headers)
            ok = response.status_code == 200
            failed |= not ok
            answer = response.json().get("xactionId") if ok else response.text
            console.print(f"{'[green]sent[/]' if ok else '[red]refused[/]'} {raw} -> {response.status_code} {answer}")
    if failed:
        raise typer.Exit(1)


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


def main() -> None:
    app()
