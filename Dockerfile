# The aikg API (see docker-compose.yml, which points it at the Neo4j service).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONPATH=/app

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph/ graph/
COPY loaders/ loaders/
COPY queries/ queries/
COPY api/ api/
COPY viz/ viz/
COPY analysis/ analysis/
COPY cypher/ cypher/
# PYTHONPATH=/app: the saved queries are read from /app/cypher, beside the packages.
RUN pip install . && useradd --create-home aikg
USER aikg

EXPOSE 8000
CMD ["aikg", "serve", "--host", "0.0.0.0", "--port", "8000"]
