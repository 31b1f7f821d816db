# mock_codeartifact as a shared server for a team or a test suite in any
# language (docs/server.md). Build from the repository root:
#   docker build -t mock-codeartifact .
#   docker run -p 8080:8080 -v codeartifact-data:/data mock-codeartifact
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The package with the `server` extra (waitress, PyYAML for seed files).
COPY pyproject.toml README.md /src/
COPY mock_codeartifact /src/mock_codeartifact
RUN pip install "/src[server]" && rm -rf /src

# Not root: the state and the blobs live in the /data volume, owned by this user.
RUN useradd --create-home --uid 10001 codeartifact \
    && mkdir /data \
    && chown codeartifact:codeartifact /data
USER codeartifact
WORKDIR /home/codeartifact
VOLUME ["/data"]

EXPOSE 8080

# The slim image has no curl: Python asks the control API.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/_mock/health', timeout=2)"]

# Every interface, so other containers reach it; add --public-url (the
# address they use) and --seed in `docker run ... mock-codeartifact ARGS`
# or the compose file's `command` (docs/docker-compose.yml).
ENTRYPOINT ["mock-codeartifact", "server", "--host", "0.0.0.0", "--port", "8080"]
CMD ["--state", "/data/state.json", "--data-dir", "/data/blobs"]
