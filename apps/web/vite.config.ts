import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

const apiTarget = 'http://localhost:3000';

/**
 * The API refuses state-changing requests from foreign origins. Through the dev proxy the page's
 * own origin is the Vite server, so requests the page makes to itself are re-stamped with the
 * API's origin; requests from any other origin pass through unchanged (and are refused).
 */
function sameOriginProxy(ws = false): ProxyOptions {
  return {
    target: apiTarget,
    ws,
    configure(proxy) {
      const restamp = (
        proxyReq: { setHeader(name: string, value: string): void },
        req: { headers: Record<string, string | string[] | undefined> },
      ) => {
        const origin = req.headers.origin;
        const host = req.headers.host;
        if (typeof origin !== 'string' || typeof host !== 'string') return;
        try {
          if (new URL(origin).host === host) proxyReq.setHeader('origin', apiTarget);
        } catch {
          // A malformed Origin is left for the API to refuse.
        }
      };
      proxy.on('proxyReq', restamp);
      proxy.on('proxyReqWs', restamp);
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': sameOriginProxy(),
      '/socket.io': sameOriginProxy(true),
      '/docs': sameOriginProxy(),
      '/healthz': sameOriginProxy(),
    },
  },
});
