"""Reliability: an interrupted import changes nothing; PostgreSQL going away and coming back.

These tests start their own `passerelle` processes (the binary built by .ci/run)."""
import os
import random
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("PASSERELLE_BIN", os.path.join(ROOT, ".build", "debug", "passerelle"))
COMMUNES = ["59350", "59512", "62498", "62041", "80021", "02408", "60057", "02691", "59183", "62193"]


def luhn_complete(digits):
    for check in range(10):
        candidate = digits + str(check)
        total = 0
        for index, char in enumerate(reversed(candidate)):
            digit = int(char)
            if index % 2 == 1:
                digit *= 2
                if digit > 9:
                    digit -= 9
            total += digit
        if total % 10 == 0:
            return candidate
    raise AssertionError("no check digit")


def write_csv(path, count):
    rng = random.Random(42)
    with open(path, "w", encoding="utf-8") as out:
        out.write("Nᵒ SIRET;Nom;Type;Code commune;Description;Activités\n")
        for number in range(count):
            siret = luhn_complete("4" + "".join(str(rng.randrange(10)) for _ in range(12)))
            out.write(f'{siret};Structure importée {number};EI;{rng.choice(COMMUNES)};Nettoyage et espaces verts;'
                      f'"nettoyage-de-locaux-16 | prestation-de-services | rayon:{rng.choice([10, 20, 30])}"\n')


def run(args, env, **kwargs):
    return subprocess.run([BINARY] + args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, **kwargs)


def count_structures(database):
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return connection.execute("SELECT COUNT(*) FROM structures").fetchone()[0]


def test_killed_import_leaves_the_database_as_it_was():
    folder = tempfile.mkdtemp(prefix="passerelle-kill-")
    database = os.path.join(folder, "kill.sqlite")
    csv_path = os.path.join(folder, "big.csv")
    count = int(os.environ.get("KILL_TEST_ROWS", "30000"))
    write_csv(csv_path, count)
    env = dict(os.environ, SQLITE_PATH=database, LOG_LEVEL="warning")
    env.pop("DATABASE_URL", None)
    migrated = run(["migrate"], env)
    assert migrated.returncode == 0, migrated.stderr
    # The first content's organisations are there from the start.
    before = count_structures(database)

    process = subprocess.Popen([BINARY, "import", "structures", csv_path], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wal = database + "-wal"
    deadline = time.time() + 600
    killed = False
    while time.time() < deadline and process.poll() is None:
        # Rows are being written once the write-ahead log grows: kill in the middle of it.
        if os.path.exists(wal) and os.path.getsize(wal) > 2_000_000:
            process.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.005)
    process.wait()
    assert killed, "the import finished before it could be interrupted; raise KILL_TEST_ROWS"
    assert count_structures(database) == before

    finished = run(["import", "structures", csv_path], env)
    assert finished.returncode == 0, finished.stderr
    assert count_structures(database) == before + count
    again = run(["import", "structures", csv_path], env)
    assert again.returncode == 0, again.stderr
    assert f"0 créé(s), 0 mis à jour, {count} inchangé(s)" in again.stdout


@pytest.mark.skipif(not os.environ.get("PG_RESTART_URL"), reason="needs PG_RESTART_URL, PG_STOP and PG_START (set by .ci/run)")
def test_postgres_restart_under_load_gives_fast_503_then_recovers():
    port = 8799
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=os.environ["PG_RESTART_URL"], LOG_LEVEL="warning")
    server = subprocess.Popen([BINARY, "serve", "--demo", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: requests.get(base + "/readyz", timeout=2).status_code == 200, 300)
        structure = requests.get(base + "/api/v1/structures?size=1", timeout=5).json()["items"][0]["id"]
        samples = []
        stop = threading.Event()

        def load():
            session = requests.Session()
            while not stop.is_set():
                for path in [f"/api/v1/structures/{structure}", "/readyz", "/api/v1/structures?q=nettoyage"]:
                    started = time.time()
                    try:
                        status = session.get(base + path, timeout=10).status_code
                    except requests.RequestException:
                        status = -1
                    samples.append((started, path, status, time.time() - started))

        threads = [threading.Thread(target=load) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        down_at = time.time()
        subprocess.run(os.environ["PG_STOP"], shell=True, check=True)
        time.sleep(8)
        up_at = time.time()
        subprocess.run(os.environ["PG_START"], shell=True, check=True)
        recovered = wait_until(lambda: requests.get(base + f"/api/v1/structures/{structure}", timeout=5).status_code == 200, 60)
        stop.set()
        for thread in threads:
            thread.join()

        before = [s for s in samples if s[0] < down_at]
        during = [s for s in samples if down_at + 1 < s[0] < up_at]
        assert before and all(s[2] == 200 for s in before)
        assert during, "no request was made while the database was down"
        assert all(s[2] != -1 for s in samples), "the server stopped answering"
        ready = [s for s in during if s[1] == "/readyz"]
        assert ready and all(s[2] == 503 for s in ready)
        detail = [s for s in during if s[1].startswith("/api/v1/structures/")]
        assert detail and all(s[2] == 503 for s in detail)
        assert max(s[3] for s in during) < 4.0, "answers while the database is down must be fast"
        search = [s for s in during if "q=nettoyage" in s[1]]
        assert all(s[2] == 200 for s in search), "search is served from memory and keeps working"
        assert recovered - up_at < 30
        assert requests.get(base + "/readyz", timeout=5).status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def wait_until(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return time.time()
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise AssertionError(f"condition not met within {seconds} s")
