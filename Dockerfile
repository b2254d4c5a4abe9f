# Accord with Debian's Chromium headless shell and xmlsec1, for the simulators and for `accord run`.
# python3, make and g++ build better-sqlite3 where its prebuilt binary cannot be downloaded.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium-headless-shell xmlsec1 ca-certificates python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /accord
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV ACCORD_CHROMIUM=/usr/bin/chromium-headless-shell
ENTRYPOINT ["node", "bin/accord.js"]
CMD ["--help"]
