import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // Server code reaches the warehouse only through the services object the
  // Express app passes in; native and heavy server packages stay external.
  ssr: { external: ['@duckdb/node-api', 'apache-arrow', 'exceljs', 'csv-stringify', 'express'] },
  build: { chunkSizeWarningLimit: 1500 },
});
