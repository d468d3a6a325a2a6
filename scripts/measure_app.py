#!/usr/bin/env python3
"""make measure-app: start-up time, memory and size of the release app.

Run under Xvfb (the Makefile wraps it in xvfb-run). Python standard library
only, plus xdotool to type a log-in like a person would. For each of RUNS
runs (default 5):

  app    starts `lawquiz --db <prepared db>` with LAWQUIZ_MEASURE=1; the page
         reports each screen once it is rendered and painted, and the app
         prints `LAWQUIZ_READY screen=...` on stderr. startup = launch (taken
         here, before exec) to the line for the first interactive screen
         (登录, on an existing database). Then xdotool types 工号 1001, PIN
         2468 and Enter; login->home = Enter to the line for 首页. After 3 s
         idle on 首页, PSS of the app and all its descendants (WebKit's web
         and network processes) from /proc/PID/smaps_rollup.
  blank  the same for examples/blank_window (a blank Tauri window with
         WebKitGTK's defaults), PSS after 3 s idle; and once more with the
         app's WebKit setting (accelerated compositing off, which the app
         chooses on Linux: docs/performance.md), the like-for-like baseline.

Plus one first start on a new, empty database (to 首次设置, loading the law
texts and the bank). Sizes: the stripped release binary and the .deb.
The last line is exactly:
  startup_ms_median=A pss_mb_median=B blank_pss_mb_median=C binary_mb=D deb_mb=E
"""

import glob
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, "target/release/lawquiz")
BLANK = os.path.join(ROOT, "target/release/examples/blank_window")
MEASURE_DB = os.path.join(ROOT, "target/debug/examples/measure_db")
IDLE_S = 3.0
TIMEOUT_S = 60.0


def log(msg):
    print(msg, flush=True)


class Launched:
    """A process started in its own session, its READY lines timed here."""

    def __init__(self, argv, env):
        self.ready = {}
        self.lines = []
        self.cond = threading.Condition()
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stderr:
            now = time.monotonic()
            line = raw.decode("utf-8", "replace").rstrip()
            with self.cond:
                self.lines.append(line)
                if line.startswith("LAWQUIZ_READY "):
                    fields = dict(f.split("=", 1) for f in line.split()[1:] if "=" in f)
                    self.ready.setdefault(fields.get("screen", "?"), (now, fields))
                self.cond.notify_all()

    def wait_screen(self, screen, timeout=TIMEOUT_S):
        deadline = time.monotonic() + timeout
        with self.cond:
            while screen not in self.ready:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    tail = "\n".join(self.lines[-15:])
                    raise RuntimeError(f"screen '{screen}' never reported ready; stderr tail:\n{tail}")
                self.cond.wait(min(left, 0.2))
            return self.ready[screen]

    def stop(self):
        """Ends the process group this script started (by its id)."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


def descendants(pid):
    children = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                data = f.read()
        except OSError:
            continue
        # comm may hold spaces: the fields after the last ')' are fixed.
        rest = data[data.rfind(")") + 2:].split()
        children.setdefault(int(rest[1]), []).append(int(stat.split("/")[2]))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory_mb(pid):
    """PSS and RSS (MB) of pid and all its descendants, and their names."""
    pss = rss = 0
    names = []
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
            with open(f"/proc/{p}/comm") as f:
                names.append(f.read().strip())
        except OSError:
            continue
    return pss / 1024, rss / 1024, names


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def window_of(pid, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)], capture_output=True, text=True)
        ids = r.stdout.split()
        if ids:
            return ids[-1]
        time.sleep(0.1)
    raise RuntimeError("the app's window was not found")


def log_in(pid):
    """Types 工号, PIN and Enter into the focused log-in form; returns the
    time Enter was pressed."""
    win = window_of(pid)
    xdotool("mousemove", "--window", win, "400", "300")
    xdotool("windowfocus", "--sync", win)
    time.sleep(0.3)
    xdotool("type", "--delay", "30", "1001")
    xdotool("key", "Tab")
    xdotool("type", "--delay", "30", "2468")
    t = time.monotonic()
    xdotool("key", "Return")
    return t


def app_env():
    env = dict(os.environ)
    env["LAWQUIZ_MEASURE"] = "1"
    env.setdefault("LAWQUIZ_LOG", "warn")
    return env


def run_app(db):
    p = Launched([APP, "--db", db], app_env())
    try:
        t_login, fields = p.wait_screen("login")
        startup = (t_login - p.t0) * 1000
        t_enter = log_in(p.proc.pid)
        t_home, _ = p.wait_screen("home")
        login_home = (t_home - t_enter) * 1000
        time.sleep(IDLE_S)
        pss, rss, names = memory_mb(p.proc.pid)
        return {"startup_ms": startup, "main_ms": float(fields.get("main_ms", "nan")),
                "login_home_ms": login_home, "pss": pss, "rss": rss, "procs": names}
    finally:
        p.stop()


def run_blank(like_app=False):
    env = app_env()
    if like_app:
        env["WEBKIT_DISABLE_COMPOSITING_MODE"] = "1"
    p = Launched([BLANK], env)
    try:
        t, _ = p.wait_screen("blank")
        time.sleep(IDLE_S)
        pss, rss, names = memory_mb(p.proc.pid)
        return {"startup_ms": (t - p.t0) * 1000, "pss": pss, "rss": rss, "procs": names}
    finally:
        p.stop()


def run_first_start(tmp):
    db = os.path.join(tmp, "first", "lawquiz.sqlite3")
    p = Launched([APP, "--db", db], app_env())
    try:
        t, _ = p.wait_screen("setup")
        return (t - p.t0) * 1000
    finally:
        p.stop()


def mb(path):
    return os.path.getsize(path) / 1e6


def main():
    runs = int(os.environ.get("RUNS", "5"))
    for exe in (APP, BLANK, MEASURE_DB):
        if not os.access(exe, os.X_OK):
            sys.exit(f"{exe} is missing: run `make measure-app`, which builds it")
    if not os.environ.get("DISPLAY"):
        sys.exit("no DISPLAY: run under xvfb-run (make measure-app does)")
    if shutil.which("xdotool") is None:
        sys.exit("xdotool is missing (scripts/deps.sh measure installs it)")
    debs = sorted(glob.glob(os.path.join(ROOT, "target/release/bundle/deb/*.deb")), key=os.path.getmtime)
    if not debs:
        sys.exit("no .deb under target/release/bundle/deb: run `make deb` (make measure-app does)")
    with tempfile.TemporaryDirectory(prefix="lawquiz-measure-") as tmp:
        db = os.path.join(tmp, "lawquiz.sqlite3")
        subprocess.run([MEASURE_DB, db], check=True, stdout=subprocess.DEVNULL)
        first = run_first_start(tmp)
        log(f"first start (new database, loads law texts and bank) to the setup screen: {first:.0f} ms")
        apps, blanks, likes = [], [], []
        for i in range(runs):
            a = run_app(db)
            b = run_blank()
            c = run_blank(like_app=True)
            apps.append(a)
            blanks.append(b)
            likes.append(c)
            log(f"run {i + 1}/{runs}: app startup {a['startup_ms']:.0f} ms (main {a['main_ms']:.0f} ms), "
                f"login->home {a['login_home_ms']:.0f} ms, PSS {a['pss']:.1f} MB (RSS {a['rss']:.1f}); "
                f"blank: ready {b['startup_ms']:.0f} ms, PSS {b['pss']:.1f} MB (RSS {b['rss']:.1f}); "
                f"blank, no compositing: PSS {c['pss']:.1f} MB (RSS {c['rss']:.1f})")
        log(f"processes measured: app {apps[-1]['procs']}; blank {blanks[-1]['procs']}")
    med = lambda rows, k: statistics.median(r[k] for r in rows)  # noqa: E731
    startup, pss, blank = med(apps, "startup_ms"), med(apps, "pss"), med(blanks, "pss")
    like = med(likes, "pss")
    home = med(apps, "login_home_ms")
    binary, deb = mb(APP), mb(debs[-1])
    log("")
    log(f"{'figure':<52}{'median':>10}  target")
    rows = [
        ("warm start to interactive login screen (ms)", startup, "<= 1000", startup <= 1000),
        ("log-in to interactive home screen (ms)", home, "", None),
        ("warm start + log-in to home, machine time (ms)", startup + home, "<= 1000", startup + home <= 1000),
        ("first start to interactive setup screen (ms)", first, "<= 2000", first <= 2000),
        ("PSS idle on home, app + WebKit processes (MB)", pss, "<= 300", pss <= 300),
        ("PSS blank Tauri window (MB)", blank, "", None),
        ("PSS above the blank window (MB)", pss - blank, "<= 40", pss - blank <= 40),
        ("PSS blank window, compositing off like the app (MB)", like, "", None),
        ("PSS above that like-for-like blank (MB)", pss - like, "<= 40", pss - like <= 40),
        ("release binary, stripped (MB)", binary, "<= 15", binary <= 15),
        (f".deb {os.path.basename(debs[-1])} (MB)", deb, "<= 8", deb <= 8),
    ]
    for name, value, target, ok in rows:
        mark = "" if ok is None else ("ok" if ok else "MISS")
        log(f"{name:<52}{value:>10.1f}  {target:<8} {mark}")
    print(f"startup_ms_median={startup:.0f} pss_mb_median={pss:.1f} blank_pss_mb_median={blank:.1f} "
          f"binary_mb={binary:.2f} deb_mb={deb:.2f}")


if __name__ == "__main__":
    main()
