"""Adding from a link or a document, below Discord: the fetch guard, extraction, drafts,
duplicates, and the shell's `kb add URL|FILE` against a web server on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading

import pytest
import yaml

from bot.kb.articles import parse_article
from bot.kb.errors import KnowledgeError
from bot.kb.ingest import FetchRefused, IngestError, Overrides, commit, fetch, prepare, read_link
from bot.kb.ingest.extract import from_html, pdf_paragraphs
from bot.kb.ingest.fetch import USER_AGENT, refusal
from tests.conftest import KNOWLEDGE, ROOT
from tests.webpages import FLOOD_PAGE, FLOOD_PARAGRAPHS, Route

ARTICLE_ID = "floods-cut-off-the-chitral-valley"

# --- the address guard ---------------------------------------------------------------------


@pytest.mark.parametrize(("address", "why"), [
    ("127.0.0.1", "a loopback address"), ("::1", "a loopback address"),
    ("10.1.2.3", "a private address"), ("192.168.0.1", "a private address"),
    ("172.16.5.4", "a private address"), ("169.254.169.254", "a link-local address"),
    ("fe80::1", "a link-local address"), ("224.0.0.1", "a multicast address"),
    ("0.0.0.0", "an unspecified address"), ("240.0.0.1", "a reserved address"),  # noqa: S104
    ("::ffff:10.0.0.1", "a private address"), ("fc00::1", "a private address"),
    ("100.64.0.1", "a non-global address"),
])
def test_addresses_that_are_not_public_are_refused(address, why) -> None:
    assert refusal(address) == why


def test_public_addresses_pass_and_the_switch_lets_only_loopback_through() -> None:
    assert refusal("93.184.216.34") is None and refusal("2606:4700::1111") is None
    assert refusal("127.0.0.1", allow_loopback=True) is None
    assert refusal("10.0.0.1", allow_loopback=True) == "a private address"
    assert refusal("169.254.169.254", allow_loopback=True) == "a link-local address"


@pytest.mark.parametrize(("url", "reason"), [
    ("file:///etc/passwd", "only http and https"), ("gopher://127.0.0.1/", "only http and https"),
    ("http://localhost:1/", "localhost resolves to a loopback address"),
    ("http://[::1]:1/", "::1 is a loopback address"),
    ("http://user:secret@example.org/", "user name or password"),
    ("http://exa mple.org/", "spaces or control characters"),
    ("http://127.0.0.1:99999/", "port"),
])
def test_refused_links_say_why_in_one_line(url, reason) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(url)
    assert reason in str(caught.value) and "\n" not in str(caught.value)


def test_a_redirect_to_a_private_address_is_refused_before_any_connection(web) -> None:
    connected: list[object] = []
    watching = threading.get_ident()

    def hook(event: str, args: tuple) -> None:
        if event == "socket.connect" and threading.get_ident() == watching:
            connected.append(args[1])

    sys.addaudithook(hook)  # the interpreter's own record of every connect()
    for path, target in (("/to-metadata", "169.254.169.254"), ("/to-intranet", "10.0.0.1")):
        connected.clear()
        with pytest.raises(FetchRefused, match=f"{target} is a"):
            fetch(web.url(path), allow_loopback=True)
        assert connected == [("127.0.0.1", web.port)]  # only the test's own server
    watching = -1


def test_the_request_names_the_bot_and_redirects_are_followed(web) -> None:
    fetched = fetch(web.url("/moved"), allow_loopback=True)
    assert fetched.final_url == web.url("/chitral-floods.html") and fetched.kind == "html"
    assert fetched.body == FLOOD_PAGE
    assert all(headers["User-Agent"] == USER_AGENT for _, headers in web.requests)
    assert USER_AGENT.startswith("citebot/")


def test_a_slow_server_is_given_up_on(web) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        with pytest.raises(FetchRefused, match=r"no answer within 0\.5 s"):
            fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/", allow_loopback=True,
                  timeout=0.5)
    finally:
        listener.close()


def test_a_plain_text_link_and_a_missing_content_type(web) -> None:
    extracted, _ = read_link(web.url("/notes.txt"), allow_loopback=True)
    assert extracted.paragraphs == ("The Torkham crossing reopened.", "Trucks queued for days.")
    web.routes["/untyped"] = Route(body=b"hello", content_type="")
    with pytest.raises(FetchRefused, match="only HTML, PDF or plain text"):
        fetch(web.url("/untyped"), allow_loopback=True)


# --- extraction and drafts ------------------------------------------------------------------

def test_a_page_gives_its_article_and_metadata_without_the_clutter() -> None:
    extracted = from_html(FLOOD_PAGE, "http://127.0.0.1/chitral-floods.html")
    assert extracted.paragraphs == tuple(FLOOD_PARAGRAPHS)
    assert (extracted.title, extracted.author, extracted.date, extracted.publication,
            extracted.url, extracted.language) == (
        "Floods cut off the Chitral valley", "Sara Khan", "2024-05-09", "Valley Times",
        "https://valleytimes.example/2024/05/chitral-floods", "en")


def test_what_is_not_found_is_unknown_never_guessed() -> None:
    page = (b"<html><body><article>" + b"".join(
        f"<p>{p}</p>".encode() for p in FLOOD_PARAGRAPHS) + b"</article></body></html>")
    extracted = from_html(page, "http://127.0.0.1/x")
    assert (extracted.title, extracted.author, extracted.date, extracted.publication,
            extracted.language) == ("unknown",) * 5
    assert extracted.url == "http://127.0.0.1/x"


def test_pdf_lines_become_paragraphs() -> None:
    text = ("The first paragraph is long enough to wrap over several lines of the page,\n"
            "and its second line is just as long as the first line of the page was,\n"
            "and it ends here.\n"
            "The second para-\ngraph begins here and goes on for one full line of text\n"
            "and then ends.")
    assert pdf_paragraphs(text) == [
        "The first paragraph is long enough to wrap over several lines of the page, and its "
        "second line is just as long as the first line of the page was, and it ends here.",
        "The second paragraph begins here and goes on for one full line of text and then ends."]


def test_a_draft_is_the_usual_article_file_and_the_moderator_sets_any_field(folder) -> None:
    extracted = from_html(FLOOD_PAGE, "http://127.0.0.1/chitral-floods.html")
    draft = prepare(extracted, folder, "http://127.0.0.1/chitral-floods.html",
                    Overrides(date="2024-05", publication="The Valley Times", article_id="floods"))
    article = parse_article(draft.raw, "draft.md")
    assert (article.id, article.date, article.publication, article.author) == (
        "floods", "2024-05", "The Valley Times", "Sara Khan")
    assert [p.text for p in article.paragraphs] == FLOOD_PARAGRAPHS
    assert "set by the moderator: publication, date" in article.notes
    assert not (folder / "articles" / "floods.md").exists()  # nothing written by a draft
    change = commit(draft, folder)
    assert change.path.read_bytes() == draft.raw
    with pytest.raises(KnowledgeError, match="must be YYYY"):
        prepare(extracted, folder, "x", Overrides(date="May 2024", article_id="other"))


def test_a_duplicate_is_refused_naming_the_existing_id(folder) -> None:
    extracted = from_html(FLOOD_PAGE, "http://127.0.0.1/chitral-floods.html")
    commit(prepare(extracted, folder, "first"), folder)
    with pytest.raises(KnowledgeError, match=f"as '{ARTICLE_ID}' \\(the same link\\)"):
        prepare(extracted, folder, "again")
    moved = Overrides(url="https://elsewhere.example/copy", article_id="copy")
    with pytest.raises(KnowledgeError, match=f"as '{ARTICLE_ID}' \\(the same text\\)"):
        prepare(extracted, folder, "again", moved)
    # the same link with tracking parameters, "www." and another scheme is the same link
    tracked = Overrides(url="http://www.valleytimes.example/2024/05/chitral-floods/?utm_source=x",
                        article_id="tracked")
    with pytest.raises(KnowledgeError, match="the same link"):
        prepare(extracted, folder, "again", tracked)
    draft = prepare(extracted, folder, "again", moved, replace_existing=True)
    assert draft.replaces == ARTICLE_ID
    commit(draft, folder)
    assert not (folder / "articles" / f"{ARTICLE_ID}.md").exists()
    assert (folder / "articles" / "copy.md").exists()


def test_an_empty_page_is_refused() -> None:
    with pytest.raises(IngestError, match="no article text"):
        from_html(b"<html><head><title>x</title></head><body><script>var a;</script></body></html>")


# --- the shell ------------------------------------------------------------------------------

def shell(*args: str, config, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args, "--config", str(config)],
                          input=stdin, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.fixture
def knowledge(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


def config_file(tmp_path, knowledge, allow: bool):
    path = tmp_path / f"config-{allow}.yaml"
    path.write_text(yaml.safe_dump({"knowledge_dir": str(knowledge),
                                    "database": str(tmp_path / "citebot.sqlite3"),
                                    "ingest": {"allow_private_addresses": allow}}))
    return path


def test_the_shell_adds_a_link_and_ask_quotes_it(tmp_path, knowledge, web) -> None:
    config = config_file(tmp_path, knowledge, allow=True)
    added = shell("kb", "add", web.url("/chitral-floods.html"), "--yes", config=config)
    assert added.returncode == 0, added.stderr
    assert "Title: Floods cut off the Chitral valley" in added.stdout
    assert "Date: 2024-05-09" in added.stdout and "Paragraphs: 4" in added.stdout
    assert f"added {ARTICLE_ID} -> " in added.stdout
    asked = subprocess.run([sys.executable, "-m", "bot", "ask", "--knowledge", str(knowledge),
                            "--json", "Which tunnel did the relief convoys cross?"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120, check=False)
    import json

    answer = json.loads(asked.stdout)
    assert answer["answered"]
    first = answer["excerpts"][0]
    assert "Lowari tunnel" in first["quote"] and first["article"] == ARTICLE_ID
    assert first["title"] == "Floods cut off the Chitral valley"


def test_without_the_switch_the_shell_refuses_a_private_address(tmp_path, knowledge, web) -> None:
    config = config_file(tmp_path, knowledge, allow=False)
    before = sorted((knowledge / "articles").iterdir())
    refused = shell("kb", "add", web.url("/chitral-floods.html"), "--yes", config=config)
    assert refused.returncode == 1
    assert refused.stderr.strip().endswith("127.0.0.1 is a loopback address: not fetched")
    assert len(refused.stderr.strip().splitlines()) == 1
    assert sorted((knowledge / "articles").iterdir()) == before and not web.requests


def test_the_shell_asks_before_writing(tmp_path, knowledge, web) -> None:
    config = config_file(tmp_path, knowledge, allow=True)
    before = sorted((knowledge / "articles").iterdir())
    asked = shell("kb", "add", web.url("/chitral-floods.html"), config=config)
    assert asked.returncode == 2 and "add --yes to add without a prompt" in asked.stderr
    assert "Title: Floods cut off the Chitral valley" in asked.stdout  # the preview, still
    assert sorted((knowledge / "articles").iterdir()) == before


def test_the_shell_adds_a_saved_page_and_a_pdf(tmp_path, knowledge) -> None:
    from tests.webpages import make_pdf, pdf_lines

    config = config_file(tmp_path, knowledge, allow=False)
    page = tmp_path / "saved.html"
    page.write_bytes(FLOOD_PAGE)
    added = shell("kb", "add", str(page), "--yes", config=config)
    assert added.returncode == 0, added.stderr
    assert (knowledge / "articles" / f"{ARTICLE_ID}.md").is_file()
    pdf = tmp_path / "torkham.pdf"
    pdf.write_bytes(make_pdf(pdf_lines()))
    added = shell("kb", "add", str(pdf), "--yes", "--url", "https://border.example/torkham",
                  config=config)
    assert added.returncode == 0, added.stderr
    article = parse_article((knowledge / "articles" / "torkham-reopens.md").read_bytes(), "t")
    assert (article.title, article.url) == ("Torkham reopens", "https://border.example/torkham")
    again = shell("kb", "add", str(page), "--yes", config=config)
    assert again.returncode == 1
    assert f"already in the knowledge base as '{ARTICLE_ID}' (the same link)" in again.stderr


def test_the_served_snapshot_spares_parsing_the_articles_it_holds(folder) -> None:
    from bot.kb import build_knowledge_base
    from bot.kb.library import known_articles

    (folder / "articles" / "floods.md").write_bytes(
        prepare(from_html(FLOOD_PAGE), folder, "x", Overrides(article_id="floods")).raw)
    served = build_knowledge_base(folder)
    (folder / "articles" / "later.md").write_text(  # written after the snapshot was built
        "---\nid: later\ntitle: t\npublication: p\nauthor: unknown\ndate: 2024\n"
        "url: https://example.org/later\nlanguage: en\n---\n\nText.\n", encoding="utf-8")
    assert known_articles(folder, served) == known_articles(folder)
    assert known_articles(folder)["floods"].fingerprint is not None


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
@pytest.mark.parametrize(("reply", "code", "written"), [("n", 1, False), ("y", 0, True)])
def test_the_shell_prompt_on_a_terminal(tmp_path, knowledge, web, reply, code, written) -> None:
    config = config_file(tmp_path, knowledge, allow=True)
    leader, follower = os.openpty()  # stdin is a terminal: kb add asks
    try:
        os.write(leader, f"{reply}\n".encode())
        result = subprocess.run(
            [sys.executable, "-m", "bot", "kb", "add", web.url("/chitral-floods.html"),
             "--config", str(config)], stdin=follower, cwd=ROOT, capture_output=True, text=True,
            timeout=120, check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    finally:
        os.close(leader)
        os.close(follower)
    assert result.returncode == code, result.stderr
    assert "Add this article? [y/N]" in result.stdout
    assert (knowledge / "articles" / f"{ARTICLE_ID}.md").exists() is written
    if not written:
        assert "cancelled: nothing was written" in result.stdout


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for localhost and 127.0.0.1 (made with the openssl tool)."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl tool to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return key, cert


def test_https_is_fetched_from_the_checked_address_with_the_certificate_checked(
        certificate, monkeypatch) -> None:
    import ssl

    from tests.webpages import WebServer, standard_routes

    key, cert = certificate
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    with standard_routes(WebServer(tls)) as server:
        # not trusted: refused, in one line
        with pytest.raises(FetchRefused, match="CERTIFICATE_VERIFY_FAILED") as caught:
            fetch(server.url("/chitral-floods.html"), allow_loopback=True)
        assert "\n" not in str(caught.value)
        # trusted (as a public certificate authority's would be): fetched, the host name
        # checked against the certificate
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        fetched = fetch(server.url("/chitral-floods.html", host="localhost"),
                        allow_loopback=True)
        assert fetched.body == FLOOD_PAGE and fetched.final_url.startswith("https://localhost:")
