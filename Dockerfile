# citebot: build with `docker build -t citebot .`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 10001 citebot

# dependencies first, from pyproject.toml alone, so that code changes reuse this layer
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt && rm /tmp/requirements.txt

COPY README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install --no-deps .

USER citebot
HEALTHCHECK --interval=60s --timeout=20s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "kb", "check", "/app/knowledge"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["ask", "--help"]
