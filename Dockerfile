# syntax=docker/dockerfile:1
# Digitaliseringsportalen: one image for the web, worker and beat services (see docker-compose.yml).
#
# Third-party front-end assets (dkfds, htmx.org) come from npm at build time: `npm ci` from
# package-lock.json in a throw-away stage, so the runtime image carries the packages' dist
# folders but no Node.js.

FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund


FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's system libraries (Pango, HarfBuzz subsetting) and a font for the PDFs; xmlsec1, with which
# pysaml2 signs and checks SAML messages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core postgresql-client xmlsec1 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system portal && useradd --system --gid portal --home-dir /app --no-create-home portal

WORKDIR /app

# Dependencies first (pyproject.toml only) so code changes do not reinstall them.
COPY pyproject.toml ./
RUN pip install .

COPY --from=assets /app/node_modules ./node_modules
COPY . .

# Static files are collected with production settings so the hashed manifest (whitenoise) is built.
# The values below exist only for this build step: settings are parsed, no database is contacted.
RUN PORTAL_ENVIRONMENT=production DEBUG=0 \
        SECRET_KEY=build-only-collectstatic-not-a-secret-0123456789abcdefghijklmnop \
        DATABASE_URL=postgres://build@localhost:5432/build ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media \
    && chown -R portal:portal /app/var

USER portal

EXPOSE 8000

CMD ["gunicorn", "portfolio.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
