import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { jsBudget } from './build/js-budget.ts';
import { precompress } from './build/precompress.ts';
import { serviceWorker } from './build/service-worker.ts';

// The API checks that a state-changing request's Origin matches its Host. The proxy keeps the
// browser's Host header (no changeOrigin), so requests from the Vite page pass that check.
const api = 'http://localhost:3000';

/** The regular and bold text of the first screen: kept by the service worker for offline use. */
const firstScreenFonts = /atkinson-hyperlegible-latin-(400|700)-normal-[\w-]+\.woff2$/;

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    // A phone on a slow network waits for every byte of the first page: landing and sign-in may
    // load at most 150 KB of compressed JavaScript, or the build fails.
    jsBudget({
      maxBytes: 150_000,
      routes: [
        { name: 'landing (/)', module: 'src/pages/LandingPage.tsx' },
        { name: 'sign-in (/login)', module: 'src/pages/LoginPage.tsx' },
      ],
    }),
    // One worker for Web Push and the offline app shell (sw/sw.js).
    serviceWorker({
      source: 'sw/sw.js',
      staticFiles: [
        '/offline.html',
        '/manifest.webmanifest',
        '/favicon.svg',
        '/icons/icon-192.png',
        '/icons/icon-512.png',
      ],
      extra: firstScreenFonts,
    }),
    precompress(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every browser Kindred supports preloads modules natively.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // React changes less often than the app: its own chunk stays cached across releases.
        // Other libraries go with the pages that use them (the socket library only once signed
        // in, for one), so that the first page does not download them.
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: api },
      '/socket.io': { target: api, ws: true },
      '/docs': { target: api },
      '/healthz': { target: api },
    },
  },
});
