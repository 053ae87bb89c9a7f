// Builds the renderer into dist/renderer. The same files are served by Electron's lectern://
// scheme and by the browser shell, so paths are absolute from the app's root.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../dist/renderer'),
    emptyOutDir: true,
    // The strict CSP allows no inline script, so no inline polyfill either.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
