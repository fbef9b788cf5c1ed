"""irctest controller for chat-server: starts scripts/chat-server on the port irctest picks, with a fresh
database in irctest's temporary directory. Nothing of irctest is copied here; scripts/irctest puts this
directory and an irctest checkout on PYTHONPATH. CHAT_SERVER_JAR runs that jar instead of the launcher, so a
long run is not rebuilt under its feet when the sources change."""
import atexit
import os
import subprocess
from pathlib import Path
from typing import Optional, Set, Type

from irctest.basecontrollers import BaseServerController, DirectoryBasedController

LAUNCHER = Path(__file__).resolve().parent.parent / "chat-server"

# A test that skips itself in its set-up (a feature the server lacks) never tears down, so the server it started
# would outlive it, holding a port irctest then hands out again. Each start stops those first, and exit stops all.
_started = []


def _stop_leftovers() -> None:
    for proc in _started:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
    _started.clear()


atexit.register(_stop_leftovers)


class ChatServerController(BaseServerController, DirectoryBasedController):
    software_name = "chat-server"
    supported_sasl_mechanisms: Set[str] = {"PLAIN"}
    supports_sts = False

    def run(self, hostname: str, port: int, *, password: Optional[str], ssl: bool,
            run_services: bool, faketime: Optional[str]) -> None:
        assert self.proc is None
        _stop_leftovers()
        self.port = port
        self.hostname = hostname
        self.create_config()
        assert self.directory
        jar = os.environ.get("CHAT_SERVER_JAR")
        command = ["java", "-XX:+UseSerialGC", "-Xmx256m", "-jar", jar] if jar else [str(LAUNCHER)]
        self.proc = self.execute([
            *command, "--bind", hostname, "--port", str(port),
            "--db", str(self.directory / "chat.db"), "--bcrypt-cost", "4",
            "--limit", "all=off",
        ])
        _started.append(self.proc)

    def registerUser(self, case, username: str, password: Optional[str] = None) -> None:
        # Accounts are made over the JSON front door, as chat-tui would.
        import json
        import socket
        with socket.create_connection((self.hostname, self.port)) as s:
            s.sendall((json.dumps({"type": "register", "id": "r", "name": username,
                                   "password": password or "password"}) + "\n").encode())
            buf = b""
            while b'"re":"r"' not in buf:
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk


def get_irctest_controller_class() -> Type[ChatServerController]:
    return ChatServerController
