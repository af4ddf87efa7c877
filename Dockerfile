# citebot. Build: docker build -t citebot .   Run: see "Deploy with Docker" in README.md.

# --- builder: the dependencies in a virtual environment ----------------------------------
FROM python:3.11-slim AS builder
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /build
# pyproject.toml alone, and only its dependencies: a change to the code reuses this layer
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && /opt/venv/bin/pip install -r requirements.txt

# --- runtime: the venv, the code, the shipped knowledge; no build tools -------------------
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    CITEBOT_CONFIG=/config/config.yaml \
    CITEBOT_CACHE_DIR=/data/cache
RUN useradd --system --user-group --uid 10001 --home-dir /data --no-create-home citebot \
    && mkdir -p /data/db /data/cache && chown citebot:citebot /data /data/db /data/cache
COPY --from=builder /opt/venv /opt/venv
# the initial knowledge: Docker copies it into a new, empty named volume at /data/knowledge
COPY --chown=citebot:citebot knowledge /data/knowledge
COPY docker/config.yaml /config/config.yaml
COPY bot /app/bot
RUN python -m compileall -q /app/bot

USER citebot
WORKDIR /data
# the shipped knowledge's sentence vectors, embedded once here rather than at every first start
RUN python -m bot ask --knowledge /data/knowledge "When was the Durand Line drawn?" > /dev/null
VOLUME ["/data/knowledge", "/data/db", "/data/cache"]
# `health` exits 0 while the heartbeat file (rewritten every 30 s while connected) is fresh
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot", "run"]
