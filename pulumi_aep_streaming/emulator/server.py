"""Run the emulator under uvicorn on a socket we bind, so port 0 can be reported; and its command
line, the one ``python -m pulumi_aep_streaming.emulator`` and ``aep-streaming emulator serve`` share."""

from __future__ import annotations

import argparse
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from pulumi_aep_streaming.emulator.app import create_app
from pulumi_aep_streaming.emulator.settings import (
    DEFAULT_CLIENT_ID,
    DEFAULT_ORG_ID,
    DEFAULT_SANDBOXES,
    DEFAULT_TENANT_ID,
    EmulatorSettings,
)


def main(argv: Sequence[str] | None = None, prog: str = "python -m pulumi_aep_streaming.emulator") -> None:
    """Parse the command line (options fall back to AEP_EMULATOR_* variables) and serve."""
    parser = argparse.ArgumentParser(prog=prog, description="Serve a local AEP on HOST:PORT until interrupted.")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8088, help="port; 0 picks a free one (default 8088)")
    parser.add_argument("--data-dir", type=Path, help="where the SQLite state lives (AEP_EMULATOR_DATA_DIR)")
    parser.add_argument("--sandbox", action="append", help="a sandbox to serve, repeatable (default prod and dev)")
    parser.add_argument("--client-id", help=f"AEP_EMULATOR_CLIENT_ID (default {DEFAULT_CLIENT_ID})")
    parser.add_argument("--client-secret", help="AEP_EMULATOR_CLIENT_SECRET (default emulator-client-secret)")
    parser.add_argument("--org-id", help=f"AEP_EMULATOR_ORG_ID (default {DEFAULT_ORG_ID})")
    parser.add_argument("--tenant-id", help=f"AEP_EMULATOR_TENANT_ID (default {DEFAULT_TENANT_ID})")
    parser.add_argument("--token-ttl", type=int, help="access token lifetime in seconds (AEP_EMULATOR_TOKEN_TTL)")
    parser.add_argument(
        "--sandbox-delay",
        type=float,
        help="seconds a new sandbox is creating, and a deleted one deleting (AEP_EMULATOR_SANDBOX_DELAY, default 0)",
    )
    args = parser.parse_args(argv)
    settings = EmulatorSettings.from_env(
        data_dir=args.data_dir,
        sandboxes=tuple(args.sandbox) if args.sandbox else DEFAULT_SANDBOXES,
        client_id=args.client_id,
        client_secret=args.client_secret,
        org_id=args.org_id,
        tenant_id=args.tenant_id,
        token_ttl_seconds=args.token_ttl,
        sandbox_delay_seconds=args.sandbox_delay,
    )
    serve(settings, host=args.host, port=args.port)


def serve(settings: EmulatorSettings, host: str = "127.0.0.1", port: int = 8088) -> None:
    """Serve until SIGINT or SIGTERM (uvicorn stops gracefully on both)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on sockets that say so, and without
    # it every keep-alive response stalls ~40 ms (Nagle against delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    app = create_app(settings)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(f"AEP emulator listening on http://{shown}:{bound_port}", flush=True)
    print(
        f"  data dir: {settings.data_dir.resolve()}  sandboxes: {', '.join(settings.sandboxes)}  "
        f"org: {settings.org_id}  client id: {settings.client_id}",
        flush=True,
    )
    # uvicorn shuts down gracefully on SIGINT/SIGTERM and then re-raises the signal to the
    # handler that was installed before it ran; make that one a no-op so a requested stop exits 0.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: None)
    server.run(sockets=[sock])
    print("AEP emulator stopped", file=sys.stderr, flush=True)
