"""Mail leaves through a real SMTP server: aiosmtpd on loopback, with STARTTLS (a certificate made
for the test and given to the platform as SMTP_CA_FILE) and AUTH required. A sign-up's
verification mail must arrive there, in French, as text and HTML, with a link that works.

This test starts its own `passerelle` process (the binary built by .ci/run)."""
import email
import email.policy
import os
import re
import socket
import sqlite3
import ssl
import subprocess
import tempfile
import time

import pytest
import requests
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("PASSERELLE_BIN", os.path.join(ROOT, ".build", "debug", "passerelle"))
RELAY_USER, RELAY_PASSWORD = "plateforme", "relais-de-test"
PASSWORD = "un jardin partagé à Lens"


class Mailbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append({
            "encrypted": session.ssl is not None,
            "login": getattr(session.auth_data, "login", None),
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "message": email.message_from_bytes(envelope.original_content, policy=email.policy.default),
        })
        return "250 Message accepted for delivery"


def accept_relay_account(server, session, envelope, mechanism, auth_data):
    accepted = isinstance(auth_data, LoginPassword) and auth_data.login == RELAY_USER.encode() \
        and auth_data.password == RELAY_PASSWORD.encode()
    return AuthResult(success=accepted, auth_data=auth_data if accepted else None)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def relay():
    folder = tempfile.mkdtemp(prefix="passerelle-smtp-")
    certificate, key = os.path.join(folder, "relay.pem"), os.path.join(folder, "relay.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", certificate],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate, key)
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), server_hostname="localhost",
                            tls_context=context, require_starttls=True, authenticator=accept_relay_account,
                            auth_required=True)
    controller.start()
    yield {"port": controller.port, "certificate": certificate, "mailbox": mailbox}
    controller.stop()


@pytest.fixture(scope="module")
def platform(relay):
    folder = tempfile.mkdtemp(prefix="passerelle-mail-")
    database = os.path.join(folder, "mail.sqlite")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, SQLITE_PATH=database, LOG_LEVEL="info", PUBLIC_URL=url, SMTP_HOST="localhost",
               SMTP_PORT=str(relay["port"]), SMTP_SECURITY="starttls", SMTP_USERNAME=RELAY_USER,
               SMTP_PASSWORD=RELAY_PASSWORD, SMTP_CA_FILE=relay["certificate"], MAIL_FROM="ne-pas-repondre@passerelle.test")
    env.pop("DATABASE_URL", None)
    log = open(os.path.join(folder, "server.log"), "w")
    process = subprocess.Popen([BINARY, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                if requests.get(url + "/readyz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(1)
        else:
            pytest.fail(open(log.name).read())
        yield {"url": url, "database": database, "log": log.name}
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_verification_mail_of_a_sign_up_arrives_through_starttls_and_auth(page, relay, platform):
    address = f"dominique.{os.getpid()}@exemple.fr"
    page.goto(platform["url"] + "/inscription")
    page.get_by_label("Un prescripteur ou un partenaire").check()
    page.get_by_label("Nom et prénom").fill("Dominique Leroy")
    page.get_by_label("Adresse électronique").fill(address)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe, une seconde fois").fill(PASSWORD)
    page.get_by_label(re.compile("J’accepte les")).check()
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vérifiez votre messagerie"

    # The delivery job runs every 10 seconds.
    deadline = time.time() + 60
    while time.time() < deadline and not relay["mailbox"].received:
        time.sleep(0.5)
    assert relay["mailbox"].received, open(platform["log"]).read()[-3000:]
    delivered = relay["mailbox"].received[-1]
    assert delivered["encrypted"], "the message travelled without STARTTLS"
    assert delivered["login"] == RELAY_USER.encode()
    assert delivered["from"] == "ne-pas-repondre@passerelle.test" and delivered["to"] == [address]

    message = delivered["message"]
    assert message["To"].addresses[0].addr_spec == address
    assert "Passerelle" in message["From"] and "adresse" in message["Subject"].lower()
    text, html = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    assert "Bonjour Dominique Leroy" in text and "L’équipe Passerelle" in text
    link = re.search(r"(http://127\.0\.0\.1:\d+/compte/verifier\?jeton=\S+)", text).group(1)
    assert link.replace("&", "&amp;") in html or link in html

    with sqlite3.connect(platform["database"]) as database:
        sent_at, attempts = database.execute("SELECT sent_at, attempts FROM outbox WHERE recipient = ?", (address,)).fetchone()
    assert sent_at is not None and attempts == 1

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Adresse confirmée"
