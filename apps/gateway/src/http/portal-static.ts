import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Paths the portal's client-side router never owns: unknown ones stay problem+json 404s. */
const SERVER_PREFIXES = ['/api/', '/his/', '/fsi/', '/docs'];

export function isPortalRoute(url: string): boolean {
  const p = url.split('?')[0];
  return p === '/' || !SERVER_PREFIXES.some((prefix) => p === prefix.replace(/\/$/, '') || p.startsWith(prefix));
}

/**
 * Serves the admin portal's Vite build from `dir` (relative to the working directory): its files,
 * and `index.html` for every other GET outside `/api`, `/his`, `/fsi` and `/docs`, so that a
 * reload on `/agreements/H43...` opens the client-side route. Without a build the gateway still
 * starts (API only) and says so.
 */
export async function servePortal(app: NestFastifyApplication, dir: string): Promise<boolean> {
  const log = new Logger('portal');
  const root = path.resolve(dir);
  const indexFile = path.join(root, 'index.html');
  if (!existsSync(indexFile)) {
    log.warn({ msg: 'admin portal build not found; serving the API only (npm run build builds it)', dir: root });
    return false;
  }
  const index = readFileSync(indexFile);
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    // File names under assets/ carry a content hash; index.html must always be re-read.
    setHeaders: (reply, file) =>
      reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (req: FastifyRequest, reply: FastifyReply) => {
      if (!isPortalRoute(req.url)) return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
    });
  log.log({ msg: 'serving the admin portal', dir: root });
  return true;
}
