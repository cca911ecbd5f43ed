"""store = "milvus" against a real Milvus server on 127.0.0.1: the embedded Milvus 2.3.5 standalone of the
PyPI package `milvus` (the milvus-server extra), spoken to by the same pymilvus as Milvus Lite.

Starting the server takes 20-60 s, so the test is marked slow; it is skipped, with the reason, when the
package is missing or the server does not come up on this machine.
"""

from __future__ import annotations

import socket

import pytest

from tests.test_scale_milvus import milvus_assistant, scenario

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def milvus_server(tmp_path_factory):
    milvus = pytest.importorskip("milvus", reason="the embedded Milvus server needs: pip install -e '.[milvus-server]'")
    server = milvus.MilvusServer()
    server.set_base_dir(str(tmp_path_factory.mktemp("milvus-server")))
    server.listen_port = free_port()
    try:
        server.start()
    except Exception as exc:  # a binary that cannot run here, a port or pid-file clash, a time-out
        server.stop()
        pytest.skip(f"the embedded Milvus server did not start on 127.0.0.1: {exc}")
    yield f"http://127.0.0.1:{server.listen_port}"
    server.stop()


def test_milvus_server_ingest_ask_reingest_delete(tmp_path, make_assistant, milvus_server):
    assistant = milvus_assistant(make_assistant, milvus_server)
    scenario(assistant, milvus_server, tmp_path / "docs")
    from assistant.index import milvus_index

    # the operators' alias follows the live generation
    client = milvus_index.client(milvus_server)
    live = assistant._ready()[0].dense.collection
    assert client.describe_alias(milvus_index.LIVE_ALIAS)["collection_name"] == live
