"""The document server gives sample PDFs of a job, and nothing else under BATCHLINE_HOME."""

from __future__ import annotations

from pathlib import Path

import httpx

from batchline.settings import load_settings
from deployments.documents import document_server, in_thread
from deployments.smtp import free_port


def test_sample_pdfs_are_served_and_nothing_else(tmp_path: Path) -> None:
    samples = tmp_path / "jobs" / "J1" / "samples"
    samples.mkdir(parents=True)
    (samples / "100001.pdf").write_bytes(b"%PDF-1.4 sample")
    (tmp_path / "batchline.db").write_bytes(b"secret")
    port = free_port()
    server = document_server(tmp_path, port)
    in_thread(server)
    try:
        base = f"http://127.0.0.1:{port}"
        ok = httpx.get(f"{base}/jobs/J1/samples/100001.pdf")
        assert (ok.status_code, ok.content, ok.headers["content-type"]) == (
            200,
            b"%PDF-1.4 sample",
            "application/pdf",
        )
        for path in (
            "/batchline.db",
            "/jobs/J1/samples/../../../batchline.db",
            "/jobs/J1/samples/100002.pdf",
        ):
            assert httpx.get(base + path).status_code == 404, path
    finally:
        server.shutdown()
        server.server_close()


def test_links_use_the_document_server_when_configured_and_file_uris_otherwise(tmp_path: Path) -> None:
    pdf = tmp_path / "jobs" / "J1" / "samples" / "100001.pdf"
    served = load_settings(
        {"BATCHLINE_HOME": str(tmp_path), "BATCHLINE_DOCUMENTS_URL": "http://127.0.0.1:8790/"}
    )
    assert served.document_link(pdf) == "http://127.0.0.1:8790/jobs/J1/samples/100001.pdf"
    local = load_settings({"BATCHLINE_HOME": str(tmp_path)})
    assert local.document_link(pdf) == pdf.resolve().as_uri()
