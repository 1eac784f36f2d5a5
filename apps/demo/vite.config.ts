import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/**
 * The demo uses the workspace packages from their TypeScript sources (`source` export condition), so no
 * package needs building first, and edits in packages/* hot-reload here. Everything binds 127.0.0.1 only.
 * `scripts/demo.mjs` picks the port and passes `--port`; 5173 is the default for a plain `pnpm dev`.
 */
export default defineConfig({
  plugins: [react()],
  resolve: {
    conditions: ['source', ...defaultClientConditions],
    // One React for the app and the workspace packages (they take React as a peer).
    dedupe: ['react', 'react-dom'],
  },
  // Pre-bundle what the engine loads lazily, so Vite never discovers a dependency after sign-in and reloads
  // the page (which would sign the user out). pnpm links these under @meshcall/core only.
  optimizeDeps: {
    include: [
      '@meshcall/core > @xmpp/client',
      '@meshcall/core > @xmpp/xml',
      '@meshcall/core > webrtc-adapter',
      '@meshcall/hooks > zustand',
      '@meshcall/hooks > zustand/vanilla',
    ],
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: 'es2022', sourcemap: true },
});
