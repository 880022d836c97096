// The Content-Security-Policy the H5 app must be served with, by scripts/serve-h5.mjs and by the nginx template
// (deploy/nginx/shijian.conf.template): what tests/e2e/csp.test.ts and tests/deploy/nginx.test.ts expect of them.
// `apiOrigin`: the API's origin when the build calls another one (TARO_APP_API), allowed for images, media and API
// calls beside the page's own origin.
export function expectedH5Csp(apiOrigin?: string): string {
  const api = apiOrigin ? ` ${apiOrigin}` : ''
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${api}`,
    "font-src 'self' data:",
    `media-src 'self'${api}`,
    `connect-src 'self'${api}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}
