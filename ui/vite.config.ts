import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// The UI is built into ui/dist: embedded by the desktop app (tauri.conf.json) and served
// by bintek-server. Relative asset paths work under both.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
  },
  server: {
    // `npm run dev` against `bintek serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:7878' },
  },
});
