"""Building and using the analyzer makes no network call (no internet here, none allowed)."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

from supportwise.pii import engine as pii_engine
from supportwise.pii.masker import masker_for_names
from tests.helpers import ROOT

NO_NETWORK = """
import socket

def refuse(*args, **kwargs):
    raise AssertionError(f"network call attempted: {args!r}")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
"""


def test_fresh_process_builds_and_masks_without_network():
    script = NO_NETWORK + textwrap.dedent("""
        from supportwise.pii.masker import masker_for_names
        m = masker_for_names(["Olivia Johnson"])
        print(m.mask_text("Hi Olivia, mail olivia.johnson@acme.co.uk or see https://acme.io/help, +44 20 7946 0958"))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Hi <PERSON>, mail <EMAIL> or see <URL>, <PHONE>"
    assert "network call attempted" not in done.stderr


def test_rebuild_in_process_with_sockets_refused(monkeypatch):
    calls = []

    def refuse(self, *args, **kwargs):
        calls.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    pii_engine.nlp_engine.cache_clear()
    pii_engine.offline_suffixes.cache_clear()
    masker = masker_for_names(["Kenji Tanaka"])
    assert masker.mask_text("Kenji: kenji@tanaka.co.jp, www.tanaka.co.jp") == "<PERSON>: <EMAIL>, <URL>"
    assert calls == []


def test_no_spacy_model_is_needed():
    # blank English unless a model happens to be installed; never a download
    nlp = pii_engine.nlp_engine()
    assert nlp.model_name in (None, *pii_engine.SPACY_MODELS)
    assert nlp.nlp["en"].lang == "en"
