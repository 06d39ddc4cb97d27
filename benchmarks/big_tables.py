#!/usr/bin/env python3
"""Issue 18's end-to-end benchmark: import, score (both paths) and monitor N demo rows in one portal, with peak RSS.

    python3 benchmarks/big_tables.py --rows 10000000            # the README numbers (Release build)
    python3 benchmarks/big_tables.py --rows 200000 --config Debug  # a quick smoke run

What it does, in one run against a fresh data directory:
  1. `mlops demo generate --table INFERENCEMORTGAGEDATA --rows N` writes the CSV (not timed);
  2. starts the portal (its build output, `dotnet MlopsPortal.Web.dll`, default settings, demo seeded) and waits for
     the demo's own scoring runs to finish;
  3. imports the CSV in one streamed POST /api/tables/BIG_INFERENCE/csv;
  4. scores it in DuckDB (execution Warehouse = the predictor as a UDF) into a new table BIG_SCORED, then by each path
     (Warehouse, and Streamed = batches through the in-process predictor) replacing the rows of
     ALL_PREDICTIONS_WITH_GROUND_TRUTH (the demo monitor's source), each timed from POST to Succeeded;
  5. refreshes the demo monitor in full over those rows (POST /api/monitors/DEMO_V1_MONITOR/refresh?full=true);
  6. downloads the model and runs `mlops bench predict` on N generated rows with 2 threads: the predictor alone;
  7. stops the portal and runs `mlops bench copy` on its warehouse: BIG_INFERENCE copied with no model, the most a
     path that writes every source column can reach.
Peak RSS per phase is the portal's VmHWM (/proc/<pid>/status), reset before each phase through /proc/<pid>/clear_refs.
Only the Python standard library is used. Prints a Markdown table for README.md.
"""
import argparse, json, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request, urllib.error

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL, VERSION, MONITOR, OUTPUT = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", "V1", "DEMO_V1_MONITOR", "ALL_PREDICTIONS_WITH_GROUND_TRUTH"
PASSWORD = "bench-pass-123"


def dll(project, config, assembly=None):
    return os.path.join(ROOT, "src", project, "bin", config, "net10.0", (assembly or project) + ".dll")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Portal:
    def __init__(self, config, data_dir):
        self.url = f"http://127.0.0.1:{free_port()}"
        env = dict(os.environ, ASPNETCORE_URLS=self.url, MLOPS_DATA_DIR=data_dir, MLOPS_SEED_DEMO="true",
                   MLOPS_ADMIN_USER="admin", MLOPS_ADMIN_PASSWORD=PASSWORD, ASPNETCORE_ENVIRONMENT="Production")
        self.log = open(os.path.join(data_dir, "portal.log"), "w")
        self.proc = subprocess.Popen(["dotnet", dll("MlopsPortal.Web", config)], cwd=os.path.join(ROOT, "src", "MlopsPortal.Web"),
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.token = None
        for _ in range(240):
            try:
                self.token = self.call("POST", "/api/auth/token", {"username": "admin", "password": PASSWORD})["token"]
                break
            except (urllib.error.URLError, ConnectionError):
                if self.proc.poll() is not None:
                    sys.exit(f"the portal exited; see {self.log.name}")
                time.sleep(0.5)
        if not self.token:
            sys.exit("the portal did not answer within 2 minutes")

    def call(self, method, path, body=None, data=None, headers=None, timeout=7200):
        h = dict(headers or {})
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if body is not None:
            data, h["Content-Type"] = json.dumps(body).encode(), "application/json"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                text = r.read()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            sys.exit(f"{method} {path} -> {e.code}: {e.read().decode(errors='replace')}")

    def reset_peak(self):
        with open(f"/proc/{self.proc.pid}/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current RSS (Linux >= 4.0)

    def peak_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)) / 1024

    def wait(self, path, what):
        while True:
            run = self.call("GET", path)
            if run["status"] in ("Succeeded", "Failed", "Cancelled"):
                if run["status"] != "Succeeded":
                    sys.exit(f"{what} ended {run['status']}: {run}")
                return run
            time.sleep(0.5)

    def idle(self):
        """Waits until no background job (the demo's scoring, a refresh the scoring triggered) is queued or running."""
        while any(not j["isFinished"] for j in self.call("GET", "/api/jobs?limit=100")):
            time.sleep(1)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self.log.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--config", default="Release")
    ap.add_argument("--threads", type=int, default=2, help="threads of `mlops bench predict`")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    a = ap.parse_args()
    if not a.no_build:
        for p in ("MlopsPortal.Web", "MlopsPortal.Cli"):
            subprocess.run(["dotnet", "build", os.path.join(ROOT, "src", p), "-c", a.config, "-m:1", "-v:q", "-nologo"], check=True)
    cli = ["dotnet", dll("MlopsPortal.Cli", a.config, "mlops")]
    work = tempfile.mkdtemp(prefix="mlops-big-")
    csv = os.path.join(work, "big.csv")
    subprocess.run(cli + ["demo", "generate", "--table", "INFERENCEMORTGAGEDATA", "--rows", str(a.rows), "--seed", "7", "--output", csv], check=True)
    size = os.path.getsize(csv)
    data_dir = os.path.join(work, "data")
    os.makedirs(data_dir)
    portal = Portal(a.config, data_dir)
    results = []
    try:
        portal.idle()
        portal.reset_peak()
        t = time.perf_counter()
        with open(csv, "rb") as f:
            rows = portal.call("POST", "/api/tables/BIG_INFERENCE/csv?mode=replace", data=f,
                               headers={"Content-Type": "text/csv", "Content-Length": str(size)})["rows"]
        s = time.perf_counter() - t
        assert rows == a.rows, rows
        results.append(("import (CSV, one streamed POST)", s, a.rows / s, portal.peak_mb()))
        for execution, output, mode, label in (
                ("Warehouse", "BIG_SCORED", "overwrite", "scoring, in DuckDB (predictor as a UDF), into a new table"),
                ("Warehouse", OUTPUT, "replace", "scoring, in DuckDB (predictor as a UDF), replacing an existing table's rows"),
                ("Streamed", OUTPUT, "replace", "scoring, streamed through the predictor, replacing an existing table's rows")):
            portal.reset_peak()
            t = time.perf_counter()
            run = portal.call("POST", "/api/scoring/runs", {"model": MODEL, "version": VERSION, "source": "BIG_INFERENCE",
                                                           "output": output, "mode": mode, "execution": execution})
            run = portal.wait(f"/api/scoring/runs/{run['id']}", label)
            s = time.perf_counter() - t
            assert run["rows"] == a.rows, run
            results.append((label, s, a.rows / s, portal.peak_mb()))
            portal.idle()
        portal.reset_peak()
        t = time.perf_counter()
        job = portal.call("POST", f"/api/monitors/{MONITOR}/refresh?full=true")
        portal.wait(f"/api/jobs/{job['runId']}", "monitor refresh")
        s = time.perf_counter() - t
        results.append((f"monitor refresh (full, {MONITOR})", s, a.rows / s, portal.peak_mb()))
        with open(os.path.join(work, "model.json"), "wb") as f:
            req = urllib.request.Request(f"{portal.url}/api/models/{MODEL}/versions/{VERSION}/artifact",
                                         headers={"Authorization": "Bearer " + portal.token})
            f.write(urllib.request.urlopen(req).read())
    finally:
        portal.stop()
    bench = subprocess.run(cli + ["bench", "predict", os.path.join(work, "model.json"), "--rows", str(a.rows), "--threads", str(a.threads)],
                           check=True, capture_output=True, text=True).stdout
    alone = float(re.search(r"rows_per_s=(\d+)", bench).group(1))
    copy = subprocess.run(cli + ["bench", "copy", "--data-dir", data_dir, "--table", "BIG_INFERENCE"],
                          check=True, capture_output=True, text=True).stdout
    floor = float(re.search(r"rows_per_s=(\d+)", copy).group(1))
    print(f"\n{a.rows:,} rows ({size / 2**20:,.0f} MiB CSV), {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
          f"`mlops bench predict --threads {a.threads}`: {alone:,.0f} rows/s; "
          f"`mlops bench copy` (no model): {floor:,.0f} rows/s = {floor / alone:.0%} of the predictor alone\n")
    print("| phase | seconds | rows/s | vs predictor alone | vs copy alone | portal peak RSS |\n|---|---:|---:|---:|---:|---:|")
    for label, s, rate, peak in results:
        scoring = label.startswith("scoring")
        ratio, of_copy = (f"{rate / alone:.0%}", f"{rate / floor:.0%}") if scoring else ("", "")
        print(f"| {label} | {s:,.1f} | {rate:,.0f} | {ratio} | {of_copy} | {peak:,.0f} MB |")
    if a.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
