"""Why a link or a document did not become an article."""


class IngestError(Exception):
    """A link or document that cannot become an article; a one-line reason for a moderator."""
