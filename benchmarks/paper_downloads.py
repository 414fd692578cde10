"""A sitting's papers opened by every tablet at once: the real server, one paper of S MB,
N clients downloading it at the same moment.

    python benchmarks/paper_downloads.py                 # N=100, S=20
    python benchmarks/paper_downloads.py --clients 200 --megabytes 25 --json

Reports how much the server's memory grew (the peak resident set, VmHWM, after a warm-up
download against after the storm), that growth per download as a share of the paper's
size (a server that reads each download whole into memory is at ~1.0 or more; one that
streams it is near 0), time to first byte (p50/p99), the time until every client had the
whole file, and whether every copy was intact (SHA-256). The baseline, in the same run:
reading the same file N times from disk in this process, with nothing sent anywhere.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from live_vote import server_cpu_seconds, setup_django, start_servers  # noqa: E402

CHUNK = 64 * 1024


def paper_text(megabytes: int) -> bytes:
    """A plain-text paper of about `megabytes` MB: lines of a bilingual order paper."""
    line = "البند الأول: مشروع قانون بشأن الموازنة العامة للدولة — Item 1: the State budget bill\n".encode()
    return line * (megabytes * 1024 * 1024 // len(line))


def build_paper(megabytes: int) -> tuple[int, bytes]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from majlis.core import services as core
    from majlis.meetings import services

    clerk = get_user_model().objects.create_user(f"papers-clerk-{int(time.time())}")
    clerk.groups.add(Group.objects.get(name="clerk"))
    body = core.create_organization(None, name_ar="مجلس القياس", name_en="Benchmark Council", classification="chamber")
    meeting = services.create_meeting(clerk, body=body, title_en="Benchmark sitting", start=timezone.now())
    services.transition(clerk, meeting, "convene")
    data = paper_text(megabytes)
    paper = services.upload_paper(clerk, meeting, filename="order-paper.txt", data=data, title_en="Order paper", access="public")
    return paper.pk, data


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def download(port: int, path: str, start: threading.Event) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    start.wait()
    began = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    digest = hashlib.sha256()
    first = None
    size = 0
    while chunk := response.read(CHUNK):
        if first is None:
            first = time.perf_counter()
        digest.update(chunk)
        size += len(chunk)
    done = time.perf_counter()
    connection.close()
    return {"status": response.status, "ttfb": (first or done) - began, "done": done, "began": began,
            "size": size, "sha256": digest.hexdigest()}


def storm(port: int, path: str, clients: int) -> list[dict]:
    start = threading.Event()
    results: list = [None] * clients

    def run(i):
        try:
            results[i] = download(port, path, start)
        except Exception as exc:  # noqa: BLE001 - counted as an error
            results[i] = {"error": repr(exc)}

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join()
    return results


def baseline(path: str, clients: int) -> float:
    started = time.perf_counter()
    for _ in range(clients):
        digest = hashlib.sha256()
        with open(path, "rb") as file:
            while chunk := file.read(CHUNK):
                digest.update(chunk)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--megabytes", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="majlis-bench-") as data_dir:
        setup_django(data_dir, "", "")
        paper_id, data = build_paper(args.megabytes)
        from majlis.meetings.models import Paper

        stored = Paper.objects.get(pk=paper_id).file.path
        expected = hashlib.sha256(data).hexdigest()
        env = {**os.environ, "MAJLIS_DATA_DIR": data_dir, "MAJLIS_REDIS_URL": "", "PYTHONPATH": str(ROOT)}
        (proc, port), = start_servers(1, env)
        path = f"/api/meetings/papers/{paper_id}/file"
        try:
            warm = storm(port, path, 1)[0]  # the server's code paths and caches are warm
            if warm.get("status") != 200:
                raise RuntimeError(f"warm-up download failed: {warm}")
            rss_before = peak_rss_kib(proc.pid)
            cpu_before = server_cpu_seconds([proc.pid])
            results = storm(port, path, args.clients)
            cpu = server_cpu_seconds([proc.pid]) - cpu_before
            rss_after = peak_rss_kib(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        serial = baseline(stored, args.clients)

    good = [r for r in results if r.get("status") == 200 and r["sha256"] == expected and r["size"] == len(data)]
    errors = [r for r in results if r not in good]
    ttfb = sorted(r["ttfb"] * 1000 for r in good) or [0.0]
    q = statistics.quantiles(ttfb, n=100) if len(ttfb) >= 2 else ttfb * 99
    growth_mib = (rss_after - rss_before) / 1024
    total_mib = args.clients * len(data) / (1024 * 1024)
    wall = max(r["done"] for r in good) - min(r["began"] for r in good) if good else 0.0
    result = {
        "clients": args.clients, "paper_mib": round(len(data) / (1024 * 1024), 1),
        "intact_copies": len(good), "errors": len(errors), "error_samples": [r.get("error") or r.get("status") for r in errors[:3]],
        "server_peak_rss_growth_mib": round(growth_mib, 1),
        "growth_per_download_vs_paper": round(growth_mib / total_mib, 3),
        "ttfb_p50_ms": round(q[49], 1), "ttfb_p99_ms": round(q[98], 1),
        "all_downloaded_s": round(wall, 2), "server_cpu_s": round(cpu, 2),
        "baseline_read_from_disk_s": round(serial, 2),
        "all_downloaded_vs_baseline": round(wall / serial, 1) if serial else None,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:32} {value}")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
