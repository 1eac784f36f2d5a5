import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // React Server Components (Next.js App Router): everything here runs in the browser (context, state,
  // effects), so a Server Component may render it but not run it. Without the directive, importing the package
  // from a Server Component fails at build time ("createContext is not a function").
  banner: { js: "'use client';" },
});
