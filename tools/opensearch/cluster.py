"""Run a real local OpenSearch cluster from its jars, for tests of the OpenSearch backend.

Standard library only, so it runs with any Python 3.11 without the project's virtualenv.
The command line is tools/opensearch-cluster (a thin wrapper); see tools/opensearch/README.md.

Layout of a cluster directory DIR:

    DIR/cluster.json          node count, heap and ports, so that stop/status/restart know them
    DIR/node-K/config/        opensearch.yml and log4j2.properties of node K (1-based)
    DIR/node-K/data/          its data (kept across restarts)
    DIR/node-K/logs/          its log file, node-K.log
    DIR/node-K/console.log    its stdout/stderr: warnings, errors, JVM crashes
    DIR/node-K/node.pid       the pid of its JVM while it runs

The Maven classpath and the compiled NodeLauncher are cached by hash in
${XDG_CACHE_HOME:-~/.cache}/newsdex-opensearch, shared by every cluster directory.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
LAUNCHER_SOURCE = HERE / "NodeLauncher.java"
LOG4J_CONFIG = HERE / "log4j2.properties"
LAUNCHER_CLASS = "NodeLauncher"
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdex-opensearch"

DEFAULT_NODES = 3
DEFAULT_HEAP = "384m"
DEFAULT_HTTP_PORT = 9201
DEFAULT_TRANSPORT_PORT = 9301
# A 3-node cluster goes green in ~40 s on an idle 2-core machine; leave room for a loaded one.
DEFAULT_START_TIMEOUT = 240.0
# A node closes in a few seconds, but once a peer is gone it can hang in its shutdown.
STOP_GRACE_SECONDS = 20.0
LOG_TAIL_LINES = 25


class ClusterError(Exception):
    """A failure to report to the user as one clear message (no traceback)."""


@dataclasses.dataclass
class ClusterConfig:
    nodes: int = DEFAULT_NODES
    heap: str = DEFAULT_HEAP
    http_port: int = DEFAULT_HTTP_PORT
    transport_port: int = DEFAULT_TRANSPORT_PORT
    cluster_name: str = "newsdex-test"

    def http_ports(self) -> list[int]:
        return [self.http_port + i for i in range(self.nodes)]

    def transport_ports(self) -> list[int]:
        return [self.transport_port + i for i in range(self.nodes)]

    def url(self, number: int = 1) -> str:
        """The HTTP URL of node `number` (1-based, like the node-K dirs)."""
        return f"http://127.0.0.1:{self.http_port + number - 1}"


# --------------------------------------------------------------------------- paths and state


def node_dir(cluster_dir: Path, number: int) -> Path:
    return cluster_dir / f"node-{number}"


def pid_file(cluster_dir: Path, number: int) -> Path:
    return node_dir(cluster_dir, number) / "node.pid"


def config_file(cluster_dir: Path) -> Path:
    return cluster_dir / "cluster.json"


def load_config(cluster_dir: Path) -> ClusterConfig | None:
    path = config_file(cluster_dir)
    if not path.exists():
        return None
    return ClusterConfig(**json.loads(path.read_text()))


def save_config(cluster_dir: Path, config: ClusterConfig) -> None:
    config_file(cluster_dir).write_text(json.dumps(dataclasses.asdict(config), indent=2) + "\n")


def has_data(cluster_dir: Path, config: ClusterConfig) -> bool:
    for number in range(1, config.nodes + 1):
        data = node_dir(cluster_dir, number) / "data"
        if data.is_dir() and any(data.iterdir()):
            return True
    return False


def node_numbers(cluster_dir: Path) -> list[int]:
    """Numbers of the nodes that DIR has, from cluster.json or else from the node-K dirs."""
    config = load_config(cluster_dir)
    if config is not None:
        return list(range(1, config.nodes + 1))
    numbers = []
    for path in cluster_dir.glob("node-*"):
        suffix = path.name.removeprefix("node-")
        if suffix.isdigit():
            numbers.append(int(suffix))
    return sorted(numbers)


# --------------------------------------------------------------------------- processes


def process_command_line(pid: int) -> str | None:
    """The command line of a live (non-zombie) process, or None if there is none."""
    proc = Path(f"/proc/{pid}")
    if proc.is_dir():
        try:
            # A killed JVM whose parent has not reaped it yet is a zombie: it holds no ports
            # or memory any more, so it counts as gone.
            stat = (proc / "stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                return None
            return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            return None
    if sys.platform.startswith("linux"):
        return None
    # No /proc (macOS): ask ps.
    result = subprocess.run(["ps", "-o", "stat=,command=", "-p", str(pid)], capture_output=True, text=True)
    line = result.stdout.strip()
    if result.returncode != 0 or not line or line.startswith("Z"):
        return None
    return line.split(None, 1)[1] if " " in line else ""


def running_node_pid(cluster_dir: Path, number: int) -> int | None:
    """The pid of node K's JVM if it runs, else None (a stale pid file is removed).

    A pid file can outlive its JVM (SIGKILL, a reboot) and the pid be reused by an unrelated
    process, so a pid counts only if that process is our launcher for this very node dir.
    """
    path = pid_file(cluster_dir, number)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    command_line = process_command_line(pid)
    # The node dir is the launcher's last argument (endswith: node-1 must not match node-12).
    if command_line is not None and LAUNCHER_CLASS in command_line:
        if command_line.rstrip().endswith(" " + str(node_dir(cluster_dir, number))):
            return pid
    path.unlink(missing_ok=True)
    return None


def running_nodes(cluster_dir: Path) -> dict[int, int]:
    """{node number: pid} of the nodes of DIR whose JVM runs."""
    found = {}
    for number in node_numbers(cluster_dir):
        pid = running_node_pid(cluster_dir, number)
        if pid is not None:
            found[number] = pid
    return found


def pid_is_gone(pid: int) -> bool:
    return process_command_line(pid) is None


def terminate(pids: dict[int, int], grace_seconds: float, say=print) -> None:
    """SIGTERM every pid, wait up to grace_seconds, then SIGKILL those still there."""
    for pid in pids.values():
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace_seconds
    while time.monotonic() < deadline and not all(pid_is_gone(pid) for pid in pids.values()):
        time.sleep(0.25)
    for number, pid in pids.items():
        if not pid_is_gone(pid):
            say(f"node-{number} (pid {pid}) did not stop within {grace_seconds:.0f} s: killing it")
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(pid_is_gone(pid) for pid in pids.values()):
        time.sleep(0.1)
    left = [pid for pid in pids.values() if not pid_is_gone(pid)]
    if left:
        raise ClusterError(f"could not end the JVMs with pids {left}")


# --------------------------------------------------------------------------- HTTP


def http_json(url: str, timeout: float = 10.0) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def cluster_health(config: ClusterConfig, numbers: list[int], timeout: float = 5.0) -> dict | None:
    """Health as answered by the first of the given nodes that answers, or None."""
    for number in numbers:
        try:
            return http_json(f"{config.url(number)}/_cluster/health", timeout=timeout)
        except (OSError, ValueError):
            continue
    return None


# --------------------------------------------------------------------------- preparation


def require_tools() -> dict[str, str]:
    tools = {}
    for name, hint in (("java", "a JDK 17 or later"), ("javac", "a JDK 17 or later"), ("mvn", "Apache Maven")):
        path = shutil.which(name)
        if path is None:
            raise ClusterError(
                f"'{name}' was not found on PATH: install {hint} (e.g. apt-get install openjdk-17-jdk maven)"
            )
        tools[name] = path
    return tools


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # The JVM binds with SO_REUSEADDR, so a port that only has connections in TIME_WAIT
        # is usable by it; probe the same way so that such a port does not count as taken.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def require_free_ports(config: ClusterConfig) -> None:
    taken = [port for port in config.http_ports() + config.transport_ports() if not port_is_free(port)]
    if taken:
        raise ClusterError(
            f"port(s) {', '.join(map(str, taken))} on 127.0.0.1 are already in use; "
            "stop whatever holds them or choose other ports with --http-port/--transport-port"
        )


def file_digest(*paths: Path, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def maven_classpath(mvn: str, say=print) -> str:
    """The runtime classpath of tools/opensearch/pom.xml, resolved by Maven.

    Cached by the pom's hash: Maven takes 10-20 s to start and resolve even when every jar is
    already in ~/.m2, which every start after the first should not pay again.
    """
    cache = CACHE_DIR / f"classpath-{file_digest(POM)}.txt"
    if cache.exists():
        classpath = cache.read_text().strip()
        if classpath and all(Path(jar).exists() for jar in classpath.split(os.pathsep)):
            return classpath
    say("resolving the OpenSearch jars with Maven (downloads them into ~/.m2 the first time) ...")
    cache.parent.mkdir(parents=True, exist_ok=True)
    output = cache.with_suffix(f".{os.getpid()}.tmp")  # two starts at once must not mix their files
    command = [
        mvn, "-B", "-q", "-Dstyle.color=never", "-f", str(POM),
        "dependency:build-classpath", "-Dmdep.includeScope=runtime", f"-Dmdep.outputFile={output}",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not output.exists():
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-LOG_TAIL_LINES:])
        raise ClusterError(f"Maven could not resolve the OpenSearch jars (exit {result.returncode}):\n{tail}")
    output.replace(cache)
    return cache.read_text().strip()


def compiled_launcher(classpath: str, javac: str) -> Path:
    """The directory holding NodeLauncher.class, compiled once per source (and classpath)."""
    classes = CACHE_DIR / f"classes-{file_digest(LAUNCHER_SOURCE, extra=classpath)}"
    if (classes / f"{LAUNCHER_CLASS}.class").exists():
        return classes
    building = classes.with_name(f"{classes.name}.{os.getpid()}.tmp")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    result = subprocess.run(
        [javac, "-nowarn", "-d", str(building), "-cp", classpath, str(LAUNCHER_SOURCE)], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise ClusterError(f"javac could not compile {LAUNCHER_SOURCE}:\n{result.stdout}{result.stderr}")
    try:
        building.replace(classes)
    except OSError:  # another start compiled it meanwhile
        shutil.rmtree(building, ignore_errors=True)
    return classes


def node_settings(config: ClusterConfig, number: int, cluster_dir: Path) -> str:
    """opensearch.yml of node K, as JSON (a subset of YAML, so no YAML writer is needed)."""
    home = node_dir(cluster_dir, number)
    names = [f"node-{k}" for k in range(1, config.nodes + 1)]
    settings = {
        "cluster.name": config.cluster_name,
        "node.name": f"node-{number}",
        "path.home": str(home),
        "path.data": str(home / "data"),
        "path.logs": str(home / "logs"),
        "network.host": "127.0.0.1",
        "http.type": "netty4",
        "transport.type": "netty4",
        # One port each, not a range: the tool and the tests must know which node is where.
        "http.port": str(config.http_port + number - 1),
        "transport.port": str(config.transport_port + number - 1),
        "discovery.seed_hosts": [f"127.0.0.1:{port}" for port in config.transport_ports()],
        # Only read when the cluster first forms; harmless on a restart with data.
        "cluster.initial_cluster_manager_nodes": names,
        # mmap needs vm.max_map_count >= 262144, which a developer machine rarely has.
        "node.store.allow_mmap": False,
        # A nearly full developer disk must not keep replicas unassigned (health yellow).
        "cluster.routing.allocation.disk.threshold_enabled": False,
    }
    return json.dumps(settings, indent=2) + "\n"


def prepare_node(config: ClusterConfig, number: int, cluster_dir: Path) -> Path:
    home = node_dir(cluster_dir, number)
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "data").mkdir(exist_ok=True)
    (home / "logs").mkdir(exist_ok=True)
    (home / "tmp").mkdir(exist_ok=True)
    (home / "config" / "opensearch.yml").write_text(node_settings(config, number, cluster_dir))
    shutil.copyfile(LOG4J_CONFIG, home / "config" / "log4j2.properties")
    return home


def jvm_command(java: str, config: ClusterConfig, classpath: str, classes: Path, home: Path) -> list[str]:
    return [
        java,
        f"-Xms{config.heap}",
        f"-Xmx{config.heap}",
        # A small heap on a small machine: the serial collector needs the least memory and CPU.
        "-XX:+UseSerialGC",
        "-XX:+ExitOnOutOfMemoryError",
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8",
        # As the distribution's jvm.options: the date formats OpenSearch 2.x expects.
        "-Djava.locale.providers=SPI,COMPAT",
        # The launcher stops log4j itself after the node has closed (and logged so).
        "-Dlog4j.shutdownHookEnabled=false",
        "-Dlog4j2.disable.jmx=true",
        "-Dio.netty.noUnsafe=true",
        "-Dio.netty.noKeySetOptimization=true",
        "-Dio.netty.recycler.maxCapacityPerThread=0",
        f"-Djava.io.tmpdir={home / 'tmp'}",
        "-cp",
        os.pathsep.join([str(classes), classpath]),
        LAUNCHER_CLASS,
        # The node dir on the command line also lets us (and pgrep -f) tell this cluster's
        # JVMs from any other's.
        str(home),
    ]


def log_tails(cluster_dir: Path, numbers: list[int]) -> str:
    parts = []
    for number in numbers:
        home = node_dir(cluster_dir, number)
        for path in (home / "console.log", home / "logs" / f"node-{number}.log"):
            if path.exists() and path.stat().st_size:
                lines = path.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
                parts.append(f"--- last lines of {path} ---\n" + "\n".join(lines))
    return "\n".join(parts) if parts else "(the nodes wrote no log)"


# --------------------------------------------------------------------------- commands


def start(cluster_dir: Path, options: argparse.Namespace, say=print) -> ClusterConfig:
    cluster_dir = cluster_dir.resolve()
    saved = load_config(cluster_dir)
    # Options not given keep the values of the last start of DIR, so `start DIR` alone restarts it.
    config = dataclasses.replace(saved) if saved else ClusterConfig()
    for name in ("nodes", "heap", "http_port", "transport_port"):
        value = getattr(options, name)
        if value is not None:
            setattr(config, name, value)
    # The data of an N-node cluster (its cluster state, its quorum) does not fit another count.
    if saved is not None and config.nodes != saved.nodes and has_data(cluster_dir, saved):
        raise ClusterError(
            f"{cluster_dir} holds a {saved.nodes}-node cluster; start it with --nodes {saved.nodes} "
            "or use another directory"
        )
    if config.nodes < 1:
        raise ClusterError("--nodes must be at least 1")

    tools = require_tools()
    if cluster_dir.exists():
        already = running_nodes(cluster_dir)
        if already:
            listing = ", ".join(f"node-{n} (pid {pid})" for n, pid in sorted(already.items()))
            raise ClusterError(f"{cluster_dir} already runs: {listing}; stop it first")
    require_free_ports(config)

    cluster_dir.mkdir(parents=True, exist_ok=True)
    save_config(cluster_dir, config)
    classpath = maven_classpath(tools["mvn"], say=say)
    classes = compiled_launcher(classpath, tools["javac"])

    started: dict[int, subprocess.Popen] = {}
    began = time.monotonic()
    try:
        for number in range(1, config.nodes + 1):
            home = prepare_node(config, number, cluster_dir)
            with open(home / "console.log", "ab") as console:
                # A session of its own: the node outlives this command and is not hit by a
                # Ctrl-C meant for the shell.
                process = subprocess.Popen(
                    jvm_command(tools["java"], config, classpath, classes, home),
                    stdin=subprocess.DEVNULL,
                    stdout=console,
                    stderr=subprocess.STDOUT,
                    cwd=home,
                    start_new_session=True,
                )
            started[number] = process
            pid_file(cluster_dir, number).write_text(f"{process.pid}\n")
        say(f"started {config.nodes} node(s); waiting for health green (up to {options.timeout:g} s) ...")
        wait_for_green(cluster_dir, config, started, options.timeout)
    except BaseException as error:
        # Whatever went wrong (timeout, a node died, Ctrl-C): leave no JVM behind.
        if started:
            say(f"stopping the {len(started)} node(s) this command started ...", file=sys.stderr)
            terminate({n: p.pid for n, p in started.items()}, grace_seconds=10, say=say)
            for number, process in started.items():
                process.wait()  # reap: we are their parent
                pid_file(cluster_dir, number).unlink(missing_ok=True)
        if isinstance(error, ClusterError):
            raise ClusterError(f"{error}\n{log_tails(cluster_dir, list(started))}") from None
        raise
    say(f"cluster green with {config.nodes} node(s) after {time.monotonic() - began:.0f} s")
    return config


def wait_for_green(cluster_dir: Path, config: ClusterConfig, started: dict[int, subprocess.Popen], timeout: float):
    deadline = time.monotonic() + timeout
    last_health = None
    while True:
        for number, process in started.items():
            if process.poll() is not None:
                raise ClusterError(f"node-{number} exited with status {process.returncode} during start")
        health = cluster_health(config, list(started), timeout=5)
        if health is not None:
            last_health = health
            if health.get("status") == "green" and health.get("number_of_nodes") == config.nodes:
                return
        if time.monotonic() > deadline:
            seen = (
                f"last health: {last_health.get('status')} with {last_health.get('number_of_nodes')} node(s)"
                if last_health
                else "no node answered HTTP"
            )
            raise ClusterError(f"the cluster did not go green within {timeout:g} s ({seen})")
        time.sleep(1)


def stop(cluster_dir: Path, say=print) -> None:
    cluster_dir = cluster_dir.resolve()
    pids = running_nodes(cluster_dir) if cluster_dir.exists() else {}
    if not pids:
        say(f"no node of {cluster_dir} is running")
        return
    say(f"stopping {len(pids)} node(s) of {cluster_dir} ...")
    terminate(pids, STOP_GRACE_SECONDS, say=say)
    for number in pids:
        pid_file(cluster_dir, number).unlink(missing_ok=True)
    say("stopped")


def status(cluster_dir: Path, say=print) -> int:
    """Prints which nodes run and the health; returns 0 if every node runs, else 1."""
    cluster_dir = cluster_dir.resolve()
    config = load_config(cluster_dir)
    if config is None:
        say(f"{cluster_dir} holds no cluster (no cluster.json)")
        return 1
    pids = running_nodes(cluster_dir)
    for number in range(1, config.nodes + 1):
        where = f"{config.url(number)}"
        state = f"running, pid {pids[number]}" if number in pids else "stopped"
        say(f"node-{number}  {where}  {state}")
    health = cluster_health(config, sorted(pids)) if pids else None
    if health is not None:
        say(f"health: {health.get('status')}, {health.get('number_of_nodes')} node(s)")
    elif pids:
        say("health: no node answers HTTP")
    return 0 if len(pids) == config.nodes else 1


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="opensearch-cluster",
        description="Run a local OpenSearch 2.19.6 test cluster from its jars (Java 17 and Maven needed).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    start_parser = commands.add_parser("start", help="start the nodes of DIR and wait for green")
    start_parser.add_argument("dir", type=Path, help="cluster directory (created; data kept across restarts)")
    start_parser.add_argument("--nodes", type=int, help=f"number of nodes (default {DEFAULT_NODES})")
    start_parser.add_argument("--heap", help=f"heap of each node's JVM (default {DEFAULT_HEAP})")
    start_parser.add_argument(
        "--http-port", type=int, help=f"HTTP port of node 1, +1 per node (default {DEFAULT_HTTP_PORT})"
    )
    start_parser.add_argument(
        "--transport-port", type=int, help=f"transport port of node 1, +1 per node (default {DEFAULT_TRANSPORT_PORT})"
    )
    start_parser.add_argument(
        "--timeout", type=float, default=DEFAULT_START_TIMEOUT, help="seconds to wait for green (default %(default)s)"
    )
    for name, text in (("stop", "stop every node of DIR"), ("status", "show which nodes of DIR run, and the health")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("dir", type=Path)
    return parser.parse_args(argv)


def raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    options = parse_arguments(sys.argv[1:] if argv is None else argv)
    # A start killed by SIGTERM (a CI timeout, a test harness) cleans up like one hit by Ctrl-C.
    signal.signal(signal.SIGTERM, raise_keyboard_interrupt)

    def say(message: str, file=None) -> None:
        print(message, file=file or sys.stdout, flush=True)

    try:
        if options.command == "start":
            config = start(options.dir, options, say=say)
            say(config.url())  # last line: what a caller (a test, a script) reads
        elif options.command == "stop":
            stop(options.dir, say=say)
        else:
            return status(options.dir, say=say)
    except ClusterError as error:
        print(f"opensearch-cluster: error: {error}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
