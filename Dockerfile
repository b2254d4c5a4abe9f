# Accord with Debian's Chromium headless shell and xmlsec1, for the simulators and for `accord run`.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium-headless-shell xmlsec1 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /accord
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV ACCORD_CHROMIUM=/usr/bin/chromium-headless-shell
ENTRYPOINT ["node", "bin/accord.js"]
CMD ["--help"]
