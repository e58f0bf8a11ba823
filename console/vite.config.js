import { defineConfig } from 'vite';

// The gateway serves dist/ at /; the API lives under /api/v1 on the same origin, so no proxy or base URL is needed.
export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
});
