// Bundles the preload into one CommonJS file (sandboxed preloads cannot load ES modules).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  build: {
    outDir: path.resolve(here, '../dist/preload'),
    emptyOutDir: true,
    minify: false,
    lib: { entry: path.join(here, 'electron/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    rollupOptions: { external: ['electron'] },
  },
});
