// The staff dashboard (staff/): a small React app built by Vite into dist/staff and served by the API under /staff/
// (server/http/staff-app.ts). `npm run build:staff`. No inline script or style in the output: the pages are served
// with a strict Content-Security-Policy (script-src 'self'). Text files get .br and .gz copies beside them, which
// the API sends to browsers that accept them.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = path.dirname(fileURLToPath(import.meta.url))
const outDir = path.resolve(here, '../dist/staff')

function precompress() {
  return {
    name: 'shijian-precompress',
    apply: 'build' as const,
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
      for (const file of walk(outDir).filter((name) => /\.(?:html|js|css|svg|json)$/.test(name))) {
        const bytes = fs.readFileSync(file)
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }))
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
        )
      }
    },
  }
}

export default defineConfig({
  root: here,
  base: '/staff/',
  plugins: [react(), precompress()],
  // @rjsf/core's Markdown renderer is never used by our forms: a stand-in that shows the text (src/newsroom/plain-markdown.tsx)
  resolve: { alias: { 'markdown-to-jsx/react': path.resolve(here, 'src/newsroom/plain-markdown.tsx') } },
  build: {
    outDir,
    emptyOutDir: true,
    // Browsers staff use: current Chrome, Edge, Safari, Firefox, and WeChat's built-in browser
    target: 'es2020',
    // Everything as files (no data: URLs and no inline module preload polyfill)
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    // ECharts (line chart only) is about 510 kB minified, 175 kB gzip, loaded after login when the chart shows
    chunkSizeWarningLimit: 600,
  },
})
