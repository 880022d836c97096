// Media that are not public (server/content/served-media.ts: /media/ serves only what a public answer names): an
// upload no item uses yet, a draft's images and video, a withdrawn item's. Two ways reach them:
// - staff, with a session: GET /api/v1/staff/newsroom/media/<path>, any file under CONTENT_DIR/media (the editor's
//   thumbnails and the body preview's images); answered no-store like every staff route;
// - a preview link: the draft's answer (GET /api/v1/drafts/:token, preview-links.ts) names each of its media that is
//   not public as GET /api/v1/drafts/:token?media=<path>, which the same route answers once the token has opened the
//   draft, and only for a file that draft names; private, no-store.
import fastifyStatic, { type FastifyStaticOptions } from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import path from 'node:path'
import type { ContentStore } from '../content/content-store'
import { mediaPathsIn } from '../content/served-media'
import { notFound } from '../http/api-error'

/** reply.sendFile over CONTENT_DIR/media in the scope that registers it (no route of its own, no Cache-Control). */
export const mediaFiles = (content: ContentStore): FastifyStaticOptions => ({
  root: path.resolve(content.content.contentDir, 'media'),
  serve: false,
  cacheControl: false,
  dotfiles: 'ignore',
  index: false,
})

/** The staff's way to any file under media/: inside the newsroom's scope, which checks the session first. */
export const staffMediaRoute: FastifyPluginAsync<{ content: ContentStore }> = async (app, { content }) => {
  await app.register(fastifyStatic, mediaFiles(content))
  app.get<{ Params: { '*': string } }>('/media/*', async (request, reply) => reply.sendFile(request.params['*']))
}

/** The address of a draft's media file: its preview link's own route, with the file's path. */
export const draftMediaUrl = (draftPath: string, relative: string) =>
  `${draftPath}?media=${encodeURIComponent(relative)}`

/**
 * The draft's answer with each media URL that /media/ does not serve (its new uploads) turned into its draft media
 * URL (`draftPath`: the route's path for this token); public ones stay as they are, cached as media are.
 */
export function withDraftMediaUrls<T>(answer: T, content: ContentStore, draftPath: string): T {
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!value.startsWith('/media/')) return value
      const [relative] = [...mediaPathsIn(JSON.stringify(value))]
      return relative === undefined || content.servesMedia(relative) ? value : draftMediaUrl(draftPath, relative)
    }
    if (Array.isArray(value)) return value.map(rewrite)
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]))
    }
    return value
  }
  return rewrite(answer) as T
}

/** ?media=<path> of a draft's route: the file when the draft's answer names it (as /media/), else 404. */
export function sendDraftMedia(reply: FastifyReply, answer: unknown, relative: string) {
  if (!mediaPathsIn(JSON.stringify(answer)).has(relative)) throw notFound('This draft shows no such media file')
  return reply.sendFile(relative)
}
