// The quotes service: a small Fastify app on port 8080.
//
// You do not need to change this file: the lab is about the Dockerfile and .dockerignore next to it.
"use strict";
const fastify = require("fastify")({ logger: true });
const { QuoteStore } = require("./lib/store");

const store = new QuoteStore(process.env.DATABASE_URL || "sqlite:///tmp/quotes.db");

fastify.get("/healthz", async () => ({ status: "ok" }));

fastify.get("/quote/:sku", async (request, reply) => {
  const quote = await store.quote(request.params.sku);
  if (!quote) return reply.code(404).send({ error: "no such sku" });
  return quote;
});

fastify.listen({ host: "0.0.0.0", port: Number(process.env.PORT || 8080) });
