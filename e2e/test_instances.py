"""Several instances on one PostgreSQL, as docs/operations.md deploys them behind a load balancer.

Two `passerelle serve` processes share one database (INSTANCES_DATABASE_URL, made empty by
.ci/run) and one SMTP sink (aiosmtpd on loopback). The work each instance's jobs find at start —
messages in the outbox, the opportunity digests of a new day, the reminders of an event that
starts tomorrow — is laid in the database between a first run of one instance and the start of
both, so that both race for it. Then: the directory's freshness, sessions and throttles across
instances, the last seat of a session, and an instance killed while it sends."""
import concurrent.futures
import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter

import pytest
import requests
from aiosmtpd.controller import Controller

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("PASSERELLE_BIN", os.path.join(ROOT, ".build", "debug", "passerelle"))
DATABASE = os.environ.get("INSTANCES_DATABASE_URL", "")
REFRESH_SECONDS = 2
DEMO_PASSWORD = "passerelle-demo"

pytestmark = pytest.mark.skipif(not DATABASE, reason="INSTANCES_DATABASE_URL is not set (.ci/run sets it)")


def psql(statement):
    done = subprocess.run(["psql", DATABASE, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", statement], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """Every message the relay accepts: its recipient, its decoded subject, and when."""

    def __init__(self):
        self.received = []
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received.append((recipient, str(message["subject"]), time.time()))
        return "250 Message accepted for delivery"

    def since(self, moment):
        with self.lock:
            return [(to, subject) for to, subject, at in self.received if at >= moment]


class Instance:
    def __init__(self, name, sink_port, folder, demo=False):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = os.path.join(folder, f"{name}.log")
        env = dict(os.environ, DATABASE_URL=DATABASE, LOG_LEVEL="info", PUBLIC_URL="http://passerelle.test",
                   SMTP_HOST="127.0.0.1", SMTP_PORT=str(sink_port), SMTP_SECURITY="none", MAIL_FROM="ne-pas-repondre@passerelle.test",
                   DIRECTORY_REFRESH_SECONDS=str(REFRESH_SECONDS))
        env.pop("SQLITE_PATH", None)
        arguments = [BINARY, "serve", "--port", str(self.port)] + (["--demo"] if demo else [])
        self.process = subprocess.Popen(arguments, cwd=ROOT, env=env, stdout=open(self.log, "w"), stderr=subprocess.STDOUT)

    def wait_ready(self):
        for _ in range(600):
            if self.process.poll() is not None:
                pytest.fail(f"instance ended: {open(self.log).read()[-3000:]}")
            try:
                if requests.get(self.url + "/readyz", timeout=1).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        pytest.fail(open(self.log).read()[-3000:])

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=60)


def unsent():
    return int(psql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts < 8"))


def wait_for(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {seconds} s")


def insert_messages(prefix, count):
    psql(f"""
        INSERT INTO outbox (id, recipient, subject, text_body, html_body, created_at, next_attempt_at, attempts)
        SELECT gen_random_uuid(), '{prefix}-' || g || '@exemple.fr', 'Essai {prefix} ' || g, 'Bonjour', '<p>Bonjour</p>', now(), now(), 0
        FROM generate_series(1, {count}) g""")


@pytest.fixture(scope="module")
def cluster():
    folder = tempfile.mkdtemp(prefix="passerelle-instances-")
    sink = Sink()
    relay = Controller(sink, hostname="127.0.0.1", port=free_port())
    relay.start()
    # First, one instance alone loads the demo and sends what it queues.
    first = Instance("first", relay.port, folder, demo=True)
    first.wait_ready()
    wait_for(lambda: unsent() == 0, 120, "the demo's mail sent")
    first.stop()

    # Work for both: the digests of a new day, the reminders of the webinar moved to tomorrow,
    # messages in the outbox, and twenty more accounts (the demo's password) to race for a seat.
    psql("DELETE FROM opportunity_digests; UPDATE need_deliveries SET mailed_at = NULL")
    webinar = psql("SELECT id FROM events WHERE title LIKE 'Répondre à plusieurs%'")
    psql(f"""UPDATE events SET starts_at = starts_at - interval '7 days', ends_at = ends_at - interval '7 days',
                 registration_closes_at = registration_closes_at - interval '7 days' WHERE id = '{webinar}';
             UPDATE event_sessions SET starts_at = starts_at - interval '7 days', ends_at = ends_at - interval '7 days' WHERE event_id = '{webinar}';
             UPDATE event_registrations SET reminded_at = NULL WHERE event_id = '{webinar}'""")
    insert_messages("lot", 150)
    psql("""INSERT INTO users (id, email, name, password_hash, email_verified_at, created_at, updated_at)
            SELECT gen_random_uuid(), 'course-' || g || '@demo.passerelle.test', 'Coureur ' || g || ' (démo)', password_hash, now(), now(), now()
            FROM users, generate_series(1, 20) g WHERE email = 'admin@demo.passerelle.test'""")

    started = time.time()
    a = Instance("a", relay.port, folder)
    b = Instance("b", relay.port, folder)
    a.wait_ready()
    b.wait_ready()
    yield {"a": a, "b": b, "sink": sink, "started": started, "webinar": webinar}
    for instance in (a, b):
        instance.stop()
    relay.stop()


def test_two_instances_send_every_message_once(cluster):
    wait_for(lambda: unsent() == 0, 180, "the outbox emptied by both instances")
    time.sleep(1)
    # What arrived since both started is exactly what the outbox holds as sent since then.
    rows = psql(f"SELECT recipient || '|' || subject FROM outbox WHERE sent_at >= to_timestamp({cluster['started']})").splitlines()
    expected = Counter(tuple(row.split("|", 1)) for row in rows)
    received = Counter(cluster["sink"].since(cluster["started"]))
    assert received == expected, (received - expected, expected - received)
    twice = [key for key, count in received.items() if count > 1]
    assert not twice, twice
    # The three kinds of work were there: the lot, the digests, the reminders.
    assert sum(1 for to, _ in received if to.startswith("lot-")) == 150
    digests = int(psql("SELECT COUNT(*) FROM opportunity_digests"))
    assert digests > 0
    reminders = [to for to, subject in received if subject.startswith("Demain : ")]
    registered = int(psql(f"SELECT COUNT(*) FROM event_registrations WHERE event_id = '{cluster['webinar']}' AND state = 'inscrit'"))
    assert registered > 0 and len(reminders) == registered == len(set(reminders))


def token(url, email, password=DEMO_PASSWORD):
    response = requests.post(url + "/api/v1/auth/token", json={"email": email, "password": password, "name": "instances"}, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()["token"]


def test_a_profile_edited_on_one_is_found_on_the_other(cluster):
    a, b = cluster["a"].url, cluster["b"].url
    bearer = {"Authorization": "Bearer " + token(a, "structure@demo.passerelle.test")}
    me = requests.get(a + "/api/v1/me", headers=bearer, timeout=10).json()
    structure = next(m["organisation"].get("structure_id") for m in me["memberships"] if m["organisation"].get("structure_id"))
    word = f"tournesol{os.getpid()}"
    edited = requests.patch(f"{a}/api/v1/structures/{structure}", headers=bearer,
                            json={"description": f"Entretien des espaces verts et jardin partagé {word}."}, timeout=30)
    assert edited.status_code == 200, edited.text
    changed = time.time()
    deadline = changed + REFRESH_SECONDS + 10
    found = False
    while time.time() < deadline and not found:
        found = requests.get(f"{b}/api/v1/structures?q={word}", timeout=10).json()["total"] == 1
        if not found:
            time.sleep(0.2)
    assert found, "instance B did not see the edit"
    # Within the refresh period, plus the time to rebuild the index.
    assert time.time() - changed <= REFRESH_SECONDS + 5


def test_a_session_opened_on_one_works_on_the_other(cluster):
    a, b = cluster["a"].url, cluster["b"].url
    browser = requests.Session()
    form = browser.get(a + "/connexion", timeout=10).text
    csrf = re.search(r'name="_csrf" value="([^"]+)"', form).group(1)
    logged = browser.post(a + "/connexion", data={"_csrf": csrf, "email": "partenaire@demo.passerelle.test", "password": DEMO_PASSWORD},
                          allow_redirects=False, timeout=30)
    assert logged.status_code == 303
    account = browser.get(b + "/compte", allow_redirects=False, timeout=10)
    assert account.status_code == 200 and "Paul Partenaire" in account.text
    # A form read on B is accepted on A: the session's token is the same everywhere.
    page = browser.get(b + "/compte", timeout=10).text
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    out = browser.post(a + "/deconnexion", data={"_csrf": csrf}, allow_redirects=False, timeout=10)
    assert out.status_code == 303
    assert browser.get(b + "/compte", allow_redirects=False, timeout=10).status_code == 303


def test_a_throttle_set_on_one_holds_on_the_other(cluster):
    a, b = cluster["a"].url, cluster["b"].url
    for _ in range(5):
        refused = requests.post(a + "/api/v1/auth/token", json={"email": "dreets@demo.passerelle.test", "password": "pas le bon", "name": "x"}, timeout=30)
        assert refused.status_code == 401
    held = requests.post(b + "/api/v1/auth/token", json={"email": "dreets@demo.passerelle.test", "password": DEMO_PASSWORD, "name": "x"}, timeout=30)
    assert held.status_code == 429 and int(held.headers["Retry-After"]) > 0


def test_the_last_seat_is_given_once_across_instances(cluster):
    a, b = cluster["a"].url, cluster["b"].url
    event = psql("SELECT id FROM events WHERE title LIKE 'Rencontre de l’inclusion du Pas-de-Calais%'")
    session = psql(f"SELECT id FROM event_sessions WHERE event_id = '{event}' ORDER BY position LIMIT 1")
    taken = lambda: int(psql(f"SELECT COUNT(*) FROM session_registrations WHERE session_id = '{session}' AND state = 'inscrit'"))
    before = taken()
    psql(f"UPDATE event_sessions SET capacity = {before + 1} WHERE id = '{session}'")
    psql(f"UPDATE events SET capacity = NULL WHERE id = '{event}'")
    racers = [f"course-{n}@demo.passerelle.test" for n in range(1, 21)]
    tokens = [token(a if n % 2 else b, email) for n, email in enumerate(racers)]

    def register(pair):
        number, bearer = pair
        url = a if number % 2 else b
        return requests.post(f"{url}/api/v1/events/{event}/registrations", headers={"Authorization": "Bearer " + bearer},
                             json={"sessions": [session]}, timeout=60)

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(register, enumerate(tokens)))
    assert all(answer.status_code in (201, 409) for answer in answers), [answer.text for answer in answers if answer.status_code not in (201, 409)]
    assert taken() == before + 1
    confirmed = [answer for answer in answers if answer.status_code == 201
                 and any(choice["session"] == session and choice["state"] == "inscrit" for choice in answer.json()["sessions"])]
    assert len(confirmed) == 1


def test_an_instance_killed_while_sending_leaves_the_rest_to_the_other(cluster):
    sink = cluster["sink"]
    sink.delay = 0.05
    moment = time.time()
    insert_messages("relais", 300)
    wait_for(lambda: sum(1 for to, _ in sink.since(moment) if to.startswith("relais-")) >= 40, 120, "the sending under way")
    cluster["a"].stop(signal.SIGKILL)
    # B goes on; the message A held when it died is sent once its claim is over (75 s).
    wait_for(lambda: len({to for to, _ in sink.since(moment) if to.startswith("relais-")}) == 300, 240, "every message sent by B")
    sink.delay = 0.0
    counts = Counter(to for to, _ in sink.since(moment) if to.startswith("relais-"))
    # At least once each; a second time only for the message in flight when A died.
    assert len(counts) == 300 and sum(counts.values()) - 300 <= 1, [to for to, n in counts.items() if n > 1]
    wait_for(lambda: unsent() == 0, 120, "the outbox emptied")
