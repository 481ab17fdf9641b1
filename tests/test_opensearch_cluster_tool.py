"""tools/opensearch-cluster really runs a 3-node OpenSearch cluster, survives losing a node, stops cleanly.

The tests start real JVMs (about 400 MB each), so they need Java 17 (java, javac) and Maven;
without them they skip, unless NEWSDEX_REQUIRE_OPENSEARCH=1 asks for them to fail instead.
The first run downloads the OpenSearch jars into ~/.m2 through Maven.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "opensearch-cluster"
NODES = 3
# Generous: another CPU-heavy job may share the 2 cores; an idle machine needs ~40 s.
START_TIMEOUT = 300
DOCUMENTS = [
    {"title": "Flood waters rise in the delta", "body": "Rain swelled the river overnight."},
    {"title": "Harvest festival draws crowds", "body": "Farmers sold rice and river fish."},
    {"title": "Parliament passes budget", "body": "The vote came after a long debate."},
    {"title": "New bridge opens over the river", "body": "Traffic eased on the first day."},
    {"title": "Storm warning for the coast", "body": "Fishing boats returned to port."},
]
RIVER_DOCUMENTS = 3  # documents whose title or body says "river"


def require_opensearch_tools() -> None:
    missing = [name for name in ("java", "javac", "mvn") if shutil.which(name) is None]
    if not missing:
        return
    reason = f"{', '.join(missing)} not found on PATH (the OpenSearch test cluster needs Java 17 and Maven)"
    if os.environ.get("NEWSDEX_REQUIRE_OPENSEARCH") == "1":
        pytest.fail(f"OpenSearch tests required but {reason}", pytrace=False)
    pytest.skip(reason)


def run_tool(*args: str | Path, timeout: float = START_TIMEOUT + 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(TOOL), *map(str, args)], capture_output=True, text=True, timeout=timeout)


def ports_are_free(ports: list[int]) -> bool:
    for port in ports:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def free_port_bases(count: int = NODES) -> tuple[int, int]:
    """An HTTP and a transport base port with `count` free ports each, away from 9200/9300.

    Random, so that a cluster another test run left behind (or a developer's) is not hit.
    """
    for _ in range(100):
        http = random.randrange(20000, 40000, 10)
        transport = http + 5000
        if ports_are_free([*range(http, http + count), *range(transport, transport + count)]):
            return http, transport
    raise RuntimeError("no free ports found")


def get_json(url: str, method: str = "GET", body: object | None = None, timeout: float = 30) -> dict:
    data = None
    headers = {}
    if body is not None:
        # _bulk takes newline-delimited JSON; everything else one JSON object.
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        headers["Content-Type"] = "application/x-ndjson" if isinstance(body, str) else "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def jvms_of(cluster_dir: Path) -> list[int]:
    """Pids of live (non-zombie) processes whose command line names a node dir of cluster_dir."""
    found = []
    marker = str(cluster_dir.resolve()).encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                continue
            command_line = (proc / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if b"NodeLauncher" in command_line and marker in command_line:
            found.append(int(proc.name))
    return found


def pids_of(cluster_dir: Path) -> dict[str, int]:
    """{node name: pid} from the pid files the tool writes."""
    return {path.parent.name: int(path.read_text()) for path in cluster_dir.glob("node-*/node.pid")}


def kill_leftovers(cluster_dir: Path) -> None:
    """Last resort after a failed test: no JVM of ours may outlive the run."""
    for pid in jvms_of(cluster_dir):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Cluster:
    def __init__(self, directory: Path, http_port: int, transport_port: int):
        self.directory = directory
        self.http_port = http_port
        self.transport_port = transport_port
        self.first_start: subprocess.CompletedProcess | None = None

    def url(self, node: int = 1) -> str:
        return f"http://127.0.0.1:{self.http_port + node - 1}"

    def start(self) -> subprocess.CompletedProcess:
        return run_tool(
            "start", self.directory,
            "--nodes", NODES,
            "--http-port", self.http_port,
            "--transport-port", self.transport_port,
            "--timeout", START_TIMEOUT,
        )  # fmt: skip


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    require_opensearch_tools()
    http_port, transport_port = free_port_bases()
    running = Cluster(tmp_path_factory.mktemp("opensearch") / "cluster", http_port, transport_port)
    began = time.monotonic()
    result = running.first_start = running.start()
    try:
        assert result.returncode == 0, f"start failed:\n{result.stdout}\n{result.stderr}"
        print(f"\n3-node cluster green after {time.monotonic() - began:.0f} s (the whole tool run)")
        yield running
    finally:
        run_tool("stop", running.directory, timeout=120)
        kill_leftovers(running.directory)


def test_start_prints_the_url_last_and_refuses_a_running_dir(cluster):
    assert cluster.first_start.stdout.strip().splitlines()[-1] == cluster.url()
    assert get_json(cluster.url())["version"]["number"] == "2.19.6"
    again = cluster.start()
    assert again.returncode != 0
    assert "already runs" in again.stderr


def test_cluster_is_green_with_three_nodes(cluster):
    health = get_json(f"{cluster.url()}/_cluster/health")
    assert health["status"] == "green"
    assert health["number_of_nodes"] == NODES
    nodes = get_json(f"{cluster.url()}/_cat/nodes?format=json")
    assert sorted(node["name"] for node in nodes) == ["node-1", "node-2", "node-3"]
    assert len(pids_of(cluster.directory)) == NODES


def test_documents_are_indexed_with_a_replica_and_found(cluster):
    index = f"{cluster.url()}/articles"
    get_json(index, "PUT", {"settings": {"number_of_shards": 2, "number_of_replicas": 1}})
    bulk = "".join(
        json.dumps({"index": {"_id": str(i)}}) + "\n" + json.dumps(doc) + "\n" for i, doc in enumerate(DOCUMENTS)
    )
    result = get_json(f"{index}/_bulk?refresh=true", "POST", bulk)
    assert not result["errors"]
    health = get_json(f"{cluster.url()}/_cluster/health/articles?wait_for_status=green&timeout=120s", timeout=150)
    assert health["status"] == "green" and health["active_shards"] == 4  # 2 primaries + 2 replicas

    everything = get_json(f"{index}/_search", "POST", {"query": {"match_all": {}}})
    assert everything["hits"]["total"]["value"] == len(DOCUMENTS)
    river = get_json(f"{cluster.url(2)}/articles/_search", "POST", {"query": {"multi_match": {"query": "river"}}})
    assert river["hits"]["total"]["value"] == RIVER_DOCUMENTS


def test_search_answers_after_sigkill_of_the_cluster_manager(cluster):
    manager = get_json(f"{cluster.url()}/_cat/cluster_manager?format=json")[0]["node"]
    pid = pids_of(cluster.directory)[manager]
    os.kill(pid, signal.SIGKILL)
    survivor = next(number for number in range(1, NODES + 1) if f"node-{number}" != manager)

    # The survivors elect a new manager and the replicas of the lost shards become primaries;
    # until then a search may miss a shard, so ask again for a while.
    deadline = time.monotonic() + 120
    while True:
        try:
            found = get_json(f"{cluster.url(survivor)}/articles/_search", "POST", {"query": {"match_all": {}}})
            if found["_shards"]["failed"] == 0 and found["hits"]["total"]["value"] == len(DOCUMENTS):
                break
        except (OSError, ValueError):
            found = None
        assert time.monotonic() < deadline, f"no complete answer after the SIGKILL of {manager}: {found}"
        time.sleep(1)

    health = get_json(
        f"{cluster.url(survivor)}/_cluster/health?wait_for_nodes={NODES - 1}&wait_for_status=yellow&timeout=120s",
        timeout=150,
    )
    assert health["number_of_nodes"] == NODES - 1
    assert health["status"] in ("yellow", "green")
    status = run_tool("status", cluster.directory, timeout=60)
    assert f"{manager}  {cluster.url(int(manager[-1]))}  stopped" in status.stdout


def test_stop_leaves_no_jvm_and_can_be_repeated(cluster):
    pids = pids_of(cluster.directory)
    assert jvms_of(cluster.directory), "the surviving nodes should still run"
    first = run_tool("stop", cluster.directory, timeout=120)
    assert first.returncode == 0, first.stderr
    assert jvms_of(cluster.directory) == []
    assert not pids_of(cluster.directory), "stop removes the pid files"
    for pid in pids.values():
        assert pid not in jvms_of(cluster.directory.parent)
    again = run_tool("stop", cluster.directory, timeout=60)
    assert again.returncode == 0
    assert "no node" in again.stdout and "running" in again.stdout


def test_restart_keeps_the_documents(cluster):
    result = cluster.start()
    assert result.returncode == 0, f"restart failed:\n{result.stdout}\n{result.stderr}"
    assert result.stdout.strip().splitlines()[-1] == cluster.url()
    found = get_json(f"{cluster.url(3)}/articles/_search", "POST", {"query": {"match": {"body": "river"}}})
    assert found["hits"]["total"]["value"] == 2
    assert get_json(f"{cluster.url()}/articles/_count")["count"] == len(DOCUMENTS)
    assert run_tool("stop", cluster.directory, timeout=120).returncode == 0
    assert jvms_of(cluster.directory) == []


def test_start_on_ports_in_use_fails_clearly_and_starts_nothing(tmp_path):
    require_opensearch_tools()
    http_port, transport_port = free_port_bases()
    directory = tmp_path / "cluster"
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", transport_port + 1))
        squatter.listen()
        result = run_tool(
            "start", directory, "--http-port", http_port, "--transport-port", transport_port, timeout=120
        )  # fmt: skip
    assert result.returncode != 0
    assert f"port(s) {transport_port + 1}" in result.stderr and "already in use" in result.stderr
    assert jvms_of(directory) == []
    assert not pids_of(directory)


def test_start_that_does_not_go_green_in_time_stops_its_nodes(tmp_path):
    require_opensearch_tools()
    http_port, transport_port = free_port_bases(1)
    directory = tmp_path / "cluster"
    # No JVM answers HTTP a tenth of a second after it is launched (a warm machine got one node to
    # green in 2 s): the tool must give up, say so, and kill what it began.
    result = run_tool(
        "start", directory, "--nodes", 1, "--http-port", http_port, "--transport-port", transport_port,
        "--timeout", 0.1, timeout=300,
    )  # fmt: skip
    try:
        assert result.returncode != 0
        assert "did not go green within 0.1 s" in result.stderr
        assert jvms_of(directory) == []
        assert not pids_of(directory)
        assert run_tool("stop", directory, timeout=60).returncode == 0
    finally:
        kill_leftovers(directory)
