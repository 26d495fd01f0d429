// Vite build of the admin portal into dist/apps/admin-portal (served by the gateway). `nx serve
// admin-portal` runs the dev server with /api proxied to a gateway on 127.0.0.1:3000.
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  plugins: [react()],
  build: { outDir: path.resolve(here, '../../dist/apps/admin-portal'), emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
});
