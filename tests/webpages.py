"""A web server on 127.0.0.1 that the tests own: realistic article pages, a PDF, and the
links a moderator must not be able to use (redirects to private addresses, an oversized
body, a wrong content type)."""

from __future__ import annotations

import ssl
import threading
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAV = """
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience and
 to show you personalised advertising. <button>Accept all cookies</button>
 <button>Manage preferences</button></div>
<header><a href="/">Valley Times</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/pakistan">Pakistan</a></li>
<li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
</header>"""

AROUND = """
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/2024/04/snow-gilgit">Snow closes the Babusar pass in Gilgit</a></li>
<li><a href="/2024/03/kalash-road">Road to the Kalash valleys reopened after repairs</a></li>
<li><a href="/2024/02/tourism">Tourism in the north doubles, say hoteliers</a></li></ul></aside>
<section id="comments"><h2>Comments (2)</h2>
<div class="comment"><p class="author">reader42</p><p>Great reporting, thank you! Stay safe
 everyone in the valley.</p></div>
<div class="comment"><p class="author">karim</p><p>The government must rebuild the bridge at
 Drosh before the winter comes.</p></div></section>
<footer><p>© 2024 Valley Times. All rights reserved.</p><a href="/privacy">Privacy</a>
<a href="/terms">Terms</a></footer>"""

# the article: quoted by the tests through the bot
FLOOD_PARAGRAPHS = [
    "The Chitral river burst its banks in the first week of May 2024, flooding the lower "
    "valley, washing away two bridges and cutting the road to Drosh for three days.",
    "Relief convoys of the provincial disaster authority crossed the Lowari tunnel with food, "
    "tents and medicine for the villagers, the district administration said on Thursday.",
    "Farmers said the water destroyed the wheat crop weeks before the harvest, and hundreds "
    "of families moved into schools and mosques on higher ground until the water fell.",
    "Engineers of the Frontier Works Organisation began building a temporary steel bridge "
    "at Drosh, which officials expect to open to light traffic within a fortnight.",
]


def article_page(title: str, paragraphs: list[str], *, site: str = "Valley Times",
                 date: str = "2024-05-09", author: str = "Sara Khan",
                 canonical: str = "https://valleytimes.example/2024/05/chitral-floods",
                 lang: str = "en") -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="og:type" content="article">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T08:00:00+05:00">
<link rel="canonical" href="{canonical}">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "{title}",
  "datePublished": "{date}T08:00:00+05:00", "inLanguage": "{lang}",
  "author": {{"@type": "Person", "name": "{author}"}},
  "publisher": {{"@type": "Organization", "name": "{site}"}}}}
</script></head>
<body>{NAV}
<main><article><h1>{title}</h1><p class="byline">By {author}</p>
{body}
</article>{AROUND}</main></body></html>""".encode()


FLOOD_PAGE = article_page("Floods cut off the Chitral valley", FLOOD_PARAGRAPHS)

LINKS_PAGE = ("<html lang='en'><head><title>Archive</title></head><body><main><ul>"
              + "".join(f"<li><a href='/a/{i}'>Story number {i} of the archive about the valley"
                        f"</a></li>" for i in range(12))
              + "</ul></main></body></html>").encode()

FRENCH_PAGE = article_page(
    "Inondations dans la vallée de Chitral",
    ["La rivière Chitral est sortie de son lit au mois de mai, emportant deux ponts et coupant "
     "la route de Drosh pendant trois jours entiers.",
     "Des convois de secours ont traversé le tunnel de Lowari avec de la nourriture, des tentes "
     "et des médicaments pour les villageois de la vallée."],
    canonical="https://journal.example/chitral", lang="fr")

PDF_PARAGRAPHS = [
    "The Torkham crossing reopened to trucks in October 2024 after a closure of eleven days.",
    "Traders in Landi Kotal said that more than four thousand containers had waited on the "
    "road to the border while the two governments negotiated.",
]


def make_pdf(lines: list[str], title: str = "Torkham reopens", author: str = "Border Desk",
             created: str = "20241021090000") -> bytes:
    """A small, valid PDF: one page, one line of Helvetica text a line, and its document
    information (title, author, creation date). Blank strings separate paragraphs."""
    ops = ["BT", "/F1 10 Tf", "12 TL", "50 780 Td"]
    for line in lines:
        text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({text}) Tj T*")
    ops.append("ET")
    content = zlib.compress("\n".join(ops).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Title ({title}) /Author ({author}) /CreationDate (D:{created}Z) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, xref))
    return bytes(out)


def pdf_lines() -> list[str]:
    """The PDF's text as lines about 70 characters wide, a blank line between paragraphs."""
    import textwrap

    lines: list[str] = []
    for paragraph in PDF_PARAGRAPHS:
        lines += [*textwrap.wrap(paragraph, 70), ""]
    return lines


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    length: int | None = None  # a Content-Length to declare (None: the body's)
    stream: int = 0  # send this many bytes of filler after the body, without a length


class WebServer:
    """Serves ``routes`` on 127.0.0.1; records every request path."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path.split("?")[0], Route(404, b"not found"))
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if not route.stream:
                    self.send_header("Content-Length", str(route.length if route.length
                                                           is not None else len(route.body)))
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                    sent = 0
                    while sent < route.stream:
                        self.wfile.write(b"x" * 65536)
                        sent += 65536
                except OSError:
                    pass  # the client stopped reading: what a size limit does
                self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.scheme = "http"
        if tls is not None:  # an ssl.SSLContext with the server's certificate
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def __enter__(self) -> WebServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def standard_routes(server: WebServer) -> WebServer:
    server.routes.update({
        "/chitral-floods.html": Route(body=FLOOD_PAGE),
        "/torkham.pdf": Route(body=make_pdf(pdf_lines()), content_type="application/pdf"),
        "/notes.txt": Route(body=b"The Torkham crossing reopened.\n\nTrucks queued for days.\n",
                            content_type="text/plain; charset=utf-8"),
        "/archive.html": Route(body=LINKS_PAGE),
        "/francais.html": Route(body=FRENCH_PAGE),
        "/to-metadata": Route(302, headers={"Location": "http://169.254.169.254/latest/meta-data"}),
        "/to-intranet": Route(301, headers={"Location": "http://10.0.0.1/admin"}),
        "/moved": Route(301, headers={"Location": "/chitral-floods.html"}),
        "/loop": Route(302, headers={"Location": "/loop"}),
        "/to-ftp": Route(302, headers={"Location": "ftp://127.0.0.1/file"}),
        "/big-declared.html": Route(body=b"<html>", length=6 * 1024 * 1024),
        "/big-streamed.html": Route(body=b"<html><body>", stream=6 * 1024 * 1024),
        "/image.png": Route(body=b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        "/missing.html": Route(404, b"gone"),
    })
    return server
