"""The far end of a loopback connection: ``python -m benchmarks.peer FD drain|flood [FRAME]``.

It holds the connected socket ``FD``, whose opening handshake the parent
has made, and either reads and drops everything the server sends
(``drain``, so the server's writes never wait) or sends the masked frame
``FRAME`` (hex) over and over (``flood``, so the server always has a
message to read). It stops when its stdin closes or the server goes.
"""

from __future__ import annotations

import os
import socket
import sys
import threading

__all__ = ["main"]

#: Frames per write when flooding: few system calls, and the kernel's flow control.
BATCH = 256


def _exit_when_stdin_closes() -> None:
    sys.stdin.buffer.read()
    os._exit(0)  # the socket loop may be blocked in a write: leave it there


def main() -> None:
    fd, mode = int(sys.argv[1]), sys.argv[2]
    threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    with socket.socket(fileno=fd) as sock:
        try:
            if mode == "drain":
                while sock.recv(1 << 16):
                    pass
            elif mode == "flood":
                batch = bytes.fromhex(sys.argv[3]) * BATCH
                while True:
                    sock.sendall(batch)
            else:
                raise SystemExit(f"unknown mode {mode!r}")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server has gone: nothing left to do


if __name__ == "__main__":
    main()
