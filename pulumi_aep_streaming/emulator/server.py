"""Run the emulator under uvicorn on a socket we bind, so port 0 can be reported."""

from __future__ import annotations

import signal
import socket
import sys

import uvicorn

from pulumi_aep_streaming.emulator.app import create_app
from pulumi_aep_streaming.emulator.settings import EmulatorSettings


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
