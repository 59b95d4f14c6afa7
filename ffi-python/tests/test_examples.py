"""The Python examples: the FastAPI ACK endpoint (through FastAPI's TestClient) and the Django
management command (run by manage.py with the example's minimal settings)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

from fastapi.testclient import TestClient

from conftest import ROOT
from medcore import hl7

EXAMPLES = ROOT / "examples" / "python"
ADT = ROOT / "testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7"


def load_fastapi_app():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("fastapi_ack", EXAMPLES / "fastapi_ack.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def test_fastapi_endpoint_acks_a_message() -> None:
    client = TestClient(load_fastapi_app())
    r = client.post("/hl7", content=ADT.read_bytes())
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("x-application/hl7-v2+er7")
    ack = hl7.parse(r.content)
    assert ack.message_type.code == "ACK" and ack.message_type.trigger == "A01"
    assert ack["MSA-1"] == "AA" and ack["MSA-2"] == "MSG00001"
    assert ack["MSH-5"] == "ADTApp" and ack["MSH-3"] == "EHRApp"


def test_fastapi_endpoint_rejects_what_does_not_parse() -> None:
    client = TestClient(load_fastapi_app())
    r = client.post("/hl7", content=b"hello")
    assert r.status_code == 400
    assert r.headers["x-medcore-error"] == "HL7_PARSE_NO_MSH"
    ack = hl7.parse(r.text)
    assert ack["MSA-1"] == "AR"
    assert ack["MSA-3"].startswith("HL7_PARSE_NO_MSH: line 1, byte 0")


def run_manage(*files: str) -> subprocess.CompletedProcess[str]:
    project = EXAMPLES / "django_validate"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="settings")
    return subprocess.run(
        [sys.executable, "manage.py", "validate_hl7", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_django_command_validates_files() -> None:
    good = ROOT / "testdata/hl7/python-hl7/sample_batch.hl7"
    r = run_manage(str(ADT), str(good))
    assert r.returncode == 0, r.stderr
    assert f"{ADT} #1: ADT^A01 control id MSG00001 (" in r.stdout
    assert "warning HL7_WARN_LINE_ENDING" in r.stdout
    assert f"{good}: ok" in r.stdout


def test_django_command_fails_on_a_bad_file() -> None:
    bad = ROOT / "testdata/hl7/python-hl7/sample_bad_batch1.hl7"
    r = run_manage(str(ADT), str(bad))
    assert r.returncode == 1
    assert f"{ADT}: ok" in r.stdout
    assert f"{bad}: INVALID" in r.stdout
    assert "error HL7_BATCH: line 4" in r.stdout
    assert "1 file(s) failed validation" in r.stderr
