"""Adding an article the way a moderator finds it: a link, a web page, a PDF, a text file.

``fetch`` gets a link safely (only public addresses, checked again at every
redirect, bounded in time and size); ``extract`` reads the main text and the
metadata with trafilatura (web pages) or pypdf (PDFs); ``draft`` makes the
usual article file, checks it and shows what would be added before anything
is written. No Discord here.
"""

from bot.kb.ingest.draft import (
    Draft,
    Overrides,
    commit,
    extract,
    kind_of,
    looks_like_link,
    prepare,
    prepare_file,
    read_link,
)
from bot.kb.ingest.errors import IngestError
from bot.kb.ingest.fetch import FetchRefused, fetch

__all__ = ["Draft", "FetchRefused", "IngestError", "Overrides", "commit", "extract", "fetch",
           "kind_of", "looks_like_link", "prepare", "prepare_file", "read_link"]
