import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createOpenApiDocument } from './openapi-document';

/** `node dist/apps/gateway/src/openapi/emit-openapi.js <file>` — writes the gateway's OpenAPI document (no DB, no NATS). */
async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: emit-openapi <output.json>');
  const doc = await createOpenApiDocument();
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`openapi: ${Object.keys(doc.paths).length} paths → ${out}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
