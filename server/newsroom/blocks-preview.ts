// The editor's live preview: a draft's Markdown body turned into the blocks the app draws (the same
// markdownToBlocks the content loader uses), with what cannot be shown as written (raw HTML, a link the app cannot
// open). Nothing is stored or audited: it reads no item. Registered inside the newsroom's routes, so it needs a
// session (401) and, being a POST, the CSRF token (403). Images are named by the staff's media route
// (media-routes.ts): an upload is not served at /media/ before an item naming it is published.
import type { FastifyInstance } from 'fastify'
import { isAbsoluteUrl, mediaUrl } from '../content/media-path'
import { markdownToBlocks } from '../content/markdown-to-blocks'

/** `officialHosts`: site.yaml's now, the hosts a body link may lead to (as the content check keeps them). */
export function blocksPreviewRoute(app: FastifyInstance, maxBytes: number, officialHosts: () => readonly string[]) {
  app.post<{ Body: { body: string } }>(
    '/blocks',
    {
      bodyLimit: maxBytes + 1024,
      schema: {
        body: {
          type: 'object',
          required: ['body'],
          additionalProperties: false,
          properties: { body: { type: 'string', maxLength: maxBytes } },
        },
      },
    },
    async (request, reply) => {
      const problems: string[] = []
      const blocks = markdownToBlocks(request.body.body, {
        onProblem: (message) => problems.push(message),
        officialHosts: officialHosts(),
        // Under the newsroom's prefix: /api/v1/staff/newsroom/media/<path>
        resolveImage: (src) => (isAbsoluteUrl(src) ? src : app.prefix + mediaUrl(src)),
      })
      reply.header('cache-control', 'no-store')
      return { blocks, problems }
    },
  )
}
