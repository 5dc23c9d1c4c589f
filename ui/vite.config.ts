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
    // Two pages: the app, and the participants' page for phones (small on its own).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        participant: fileURLToPath(new URL('p/index.html', import.meta.url)),
      },
    },
  },
  server: {
    // `npm run dev` against `bintek serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:7878' },
  },
});
