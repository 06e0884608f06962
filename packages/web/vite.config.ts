import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './build/precompress.js';

export default defineConfig({
  plugins: [react(), precompress()],
  // Absolute base: the server answers every path (e.g. /r/<room>) with index.html,
  // so relative asset URLs would resolve under /r/ and 404.
  base: '/',
  // Workers and worklets as ES modules: the noise suppressor's AudioWorklet (loaded with
  // audioWorklet.addModule, a module script) uses import.meta.url, which the classic format rewrites.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // In `vite dev`, forward API and signaling to a locally running Parley server.
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
