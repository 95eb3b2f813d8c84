"""A program for RunReadinessTest that speaks sd_notify to $NOTIFY_SOCKET (stdlib only).

    sd-notify-program.py MODE DIR [PORT]

Each run appends its pid as a line to DIR/pids and writes DIR/env-PID (NOTIFY_SOCKET=..., WATCHDOG_USEC=...,
a line each; "-" for unset). It then waits for the test's gate, the file DIR/go, so that the test sees it
not ready for as long as the test wants, without depending on the program's timing.

MODE
  notify    at the gate: STATUS=serving, then READY=1; then idles
  never     never sends anything; idles
  watchdog  READY=1 at once, then WATCHDOG=1 every tenth of $WATCHDOG_USEC; the first run stops pinging at
            the gate (alive, idle: hung as far as the supervisor can tell); later runs ping forever
  tcp       at the gate: listens on 127.0.0.1:PORT
  http      at the gate: answers 200 on http://127.0.0.1:PORT/
  init      plays the caller's init system: binds a datagram socket at DIR (a path) and appends every datagram
            it gets, and a line "--", to the file PORT
"""
import http.server
import os
import resource
import socket
import sys
import time


def notify(message):
    path = os.environ["NOTIFY_SOCKET"]
    if path.startswith("@"):
        path = "\0" + path[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.connect(path)
        s.sendall(message.encode())


def idle():
    while True:
        time.sleep(3600)


def await_gate(directory):
    gate = os.path.join(directory, "go")
    while not os.path.exists(gate):
        time.sleep(0.05)


def init_system(path, out):
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.bind(path)
        with open(out + ".bound", "w"):
            pass
        while True:
            data = s.recv(4096)
            with open(out, "a") as f:
                f.write(data.decode() + "\n--\n")


class Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    if mode == "init":
        init_system(directory, sys.argv[3])
        return
    # SIGABRT (the watchdog's signal) must not leave core files around.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    pid = os.getpid()
    with open(os.path.join(directory, "env-%d" % pid), "w") as f:
        for name in ("NOTIFY_SOCKET", "WATCHDOG_USEC"):
            f.write("%s=%s\n" % (name, os.environ.get(name, "-")))
    with open(os.path.join(directory, "pids"), "a") as f:
        f.write("%d\n" % pid)
    with open(os.path.join(directory, "pids")) as f:
        run = len(f.read().split())
    if mode == "notify":
        await_gate(directory)
        notify("STATUS=serving")
        notify("READY=1")
        idle()
    elif mode == "never":
        idle()
    elif mode == "watchdog":
        interval = int(os.environ["WATCHDOG_USEC"]) / 1e6 / 10
        notify("READY=1")
        while run > 1 or not os.path.exists(os.path.join(directory, "go")):
            notify("WATCHDOG=1")
            time.sleep(interval)
        idle()
    elif mode == "tcp":
        await_gate(directory)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", int(sys.argv[3])))
            s.listen(16)
            while True:
                connection, _ = s.accept()
                connection.close()
    elif mode == "http":
        await_gate(directory)
        http.server.HTTPServer(("127.0.0.1", int(sys.argv[3])), Ok).serve_forever()
    else:
        sys.exit("unknown mode " + mode)


main()
