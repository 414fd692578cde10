"""What every tablet downloads when a sitting starts, all at the same moment, from the real
server (`majlis serve`, throw-away SQLite database):

1. **The tablet page**: N logged-in members open the sitting's tablet page.
2. **Its files**: each fetches the stylesheet, the script, the icon and the four fonts
   of that page, over one keep-alive connection.
3. **A paper**: N clients download one public paper of S MB.

    python benchmarks/sitting_start_downloads.py                 # N=100, S=20
    python benchmarks/sitting_start_downloads.py --clients 200 --megabytes 25 --json

For each: the time until every client had everything, per-client times (p50/p99), the
server's CPU time, and whether every copy was intact (SHA-256; for the page, which names
its member, that it was served). For the paper, also the
growth of the server's peak resident memory (VmHWM after a warm-up download against after
the storm) and that growth as a share of N × the paper's size: about 1 or more for a
server that holds each download whole, near 0 for one that streams it. The baselines, in
the same run: reading the same files N times from disk in this process, nothing sent.
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

from live_vote import build_sitting, server_cpu_seconds, setup_django, start_servers  # noqa: E402

CHUNK = 64 * 1024
STATIC = ROOT / "majlis" / "web" / "static"
FIRST_PAGE_FILES = ["css/majlis.css", "js/majlis.js", "favicon.svg", "fonts/NotoSansArabic-Regular.ttf",
                    "fonts/NotoSansArabic-Bold.ttf", "fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf"]


def paper_text(megabytes: int) -> bytes:
    """A plain-text paper of about `megabytes` MB: lines of a bilingual order paper."""
    line = "البند الأول: مشروع قانون بشأن الموازنة العامة للدولة — Item 1: the State budget bill\n".encode()
    return line * (megabytes * 1024 * 1024 // len(line))


def add_paper(meeting_id: int, megabytes: int) -> tuple[int, bytes]:
    from django.contrib.auth import get_user_model

    from majlis.meetings import services
    from majlis.meetings.models import Meeting

    clerk = get_user_model().objects.filter(username__endswith="-clerk").order_by("-id").first()
    data = paper_text(megabytes)
    paper = services.upload_paper(clerk, Meeting.objects.get(pk=meeting_id), filename="order-paper.txt", data=data,
                                  title_en="Order paper", access="public")
    return paper.pk, data


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def fetch_all(port: int, paths: list[str], cookie: str | None, start: threading.Event) -> dict:
    """`paths` one after the other on one connection; the SHA-256 of each body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    start.wait()
    began = time.perf_counter()
    first = None
    digests, statuses = [], []
    for path in paths:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        digest = hashlib.sha256()
        while chunk := response.read(CHUNK):
            if first is None:
                first = time.perf_counter()
            digest.update(chunk)
        digests.append(digest.hexdigest())
        statuses.append(response.status)
    done = time.perf_counter()
    connection.close()
    return {"statuses": statuses, "digests": digests, "began": began, "ttfb": (first or done) - began, "done": done}


def storm(port: int, paths: list[str], cookies: list[str | None]) -> list[dict]:
    start = threading.Event()
    results: list = [None] * len(cookies)

    def run(i):
        try:
            results[i] = fetch_all(port, paths, cookies[i], start)
        except Exception as exc:  # noqa: BLE001 - counted as an error
            results[i] = {"error": repr(exc)}

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(cookies))]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join()
    return results


def read_from_disk(files: list[Path], times: int) -> tuple[float, list[str]]:
    started = time.perf_counter()
    for _ in range(times):
        digests = []
        for path in files:
            digest = hashlib.sha256()
            with open(path, "rb") as file:
                while chunk := file.read(CHUNK):
                    digest.update(chunk)
            digests.append(digest.hexdigest())
    return time.perf_counter() - started, digests


def quantiles_ms(values: list[float]) -> tuple[float, float]:
    values = sorted(v * 1000 for v in values) or [0.0]
    q = statistics.quantiles(values, n=100) if len(values) >= 2 else values * 99
    return round(q[49], 1), round(q[98], 1)


def summary(results: list[dict], expected: list[str] | None, baseline_s: float | None, files: int = 1) -> dict:
    """`expected`: the files' SHA-256, or None where only the status is checked."""
    good = [r for r in results if r.get("statuses") == [200] * files and (expected is None or r["digests"] == expected)]
    errors = [r for r in results if r not in good]
    wall = max(r["done"] for r in good) - min(r["began"] for r in good) if good else 0.0
    p50, p99 = quantiles_ms([r["done"] - r["began"] for r in good])
    result = {
        "intact": len(good), "errors": len(errors),
        "error_samples": [r.get("error") or r.get("statuses") for r in errors[:3]],
        "each_client_p50_ms": p50, "each_client_p99_ms": p99, "all_done_s": round(wall, 2),
    }
    if baseline_s:
        result.update({"baseline_read_from_disk_s": round(baseline_s, 3), "all_done_vs_baseline": round(wall / baseline_s, 1)})
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--megabytes", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="majlis-bench-") as data_dir:
        setup_django(data_dir, "", "")
        meeting_id, _poll, cookies, _token = build_sitting(args.clients)
        paper_id, data = add_paper(meeting_id, args.megabytes)
        from majlis.meetings.models import Paper

        stored = Path(Paper.objects.get(pk=paper_id).file.path)
        env = {**os.environ, "MAJLIS_DATA_DIR": data_dir, "MAJLIS_REDIS_URL": "", "PYTHONPATH": str(ROOT)}
        (proc, port), = start_servers(1, env)
        page_path = f"/meetings/{meeting_id}/tablet/"
        static_paths = [f"/static/{name}" for name in FIRST_PAGE_FILES]
        paper_path = f"/api/meetings/papers/{paper_id}/file"
        try:
            # Warm-up: the server's code paths and caches, and the files in the page cache.
            for warm in storm(port, [page_path] + static_paths + [paper_path], [cookies[0]]):
                if warm.get("statuses") != [200] * (len(static_paths) + 2):
                    raise RuntimeError(f"warm-up failed: {warm}")
            cpu_before = server_cpu_seconds([proc.pid])
            page_results = storm(port, [page_path], list(cookies))
            page_cpu = server_cpu_seconds([proc.pid]) - cpu_before
            cpu_before = server_cpu_seconds([proc.pid])
            static_results = storm(port, static_paths, list(cookies))
            static_cpu = server_cpu_seconds([proc.pid]) - cpu_before
            rss_before = peak_rss_kib(proc.pid)
            cpu_before = server_cpu_seconds([proc.pid])
            paper_results = storm(port, [paper_path], [None] * args.clients)
            paper_cpu = server_cpu_seconds([proc.pid]) - cpu_before
            rss_after = peak_rss_kib(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        static_baseline, static_digests = read_from_disk([STATIC / name for name in FIRST_PAGE_FILES], args.clients)
        paper_baseline, _ = read_from_disk([stored], args.clients)

    growth_mib = (rss_after - rss_before) / 1024
    paper_good = [r for r in paper_results if "ttfb" in r]
    first_byte_p50, first_byte_p99 = quantiles_ms([r["ttfb"] for r in paper_good])
    result = {
        "clients": args.clients,
        "tablet_page": {**summary(page_results, None, None), "server_cpu_s": round(page_cpu, 2)},
        "first_page_files": {"files": len(FIRST_PAGE_FILES), "kib_each_client": round(sum((STATIC / n).stat().st_size for n in FIRST_PAGE_FILES) / 1024),
                             **summary(static_results, static_digests, static_baseline, len(FIRST_PAGE_FILES)),
                             "server_cpu_s": round(static_cpu, 2)},
        "paper": {"mib": round(len(data) / (1024 * 1024), 1), **summary(paper_results, [hashlib.sha256(data).hexdigest()], paper_baseline),
                  "first_byte_p50_ms": first_byte_p50, "first_byte_p99_ms": first_byte_p99, "server_cpu_s": round(paper_cpu, 2),
                  "server_peak_rss_growth_mib": round(growth_mib, 1),
                  "growth_vs_clients_x_paper": round(growth_mib / (args.clients * len(data) / (1024 * 1024)), 3)},
    }
    if args.json:
        print(json.dumps(result))
    else:
        for part in ("tablet_page", "first_page_files", "paper"):
            print(part)
            for key, value in result[part].items():
                print(f"  {key:30} {value}")
    return 0 if all(result[part]["errors"] == 0 for part in ("tablet_page", "first_page_files", "paper")) else 1


if __name__ == "__main__":
    sys.exit(main())
