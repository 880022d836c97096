import { Type, type Static } from '@sinclair/typebox'
import { ItemBase } from './common'
import { VIDEO_AWARDS } from './labels'

const awardIds = Object.keys(VIDEO_AWARDS) as (keyof typeof VIDEO_AWARDS)[]

export const VideoFrontMatter = Type.Object(
  {
    ...ItemBase,
    /** The unit (bureau) that made the video. */
    unit: Type.String({ minLength: 2 }),
    contest: Type.String({ minLength: 2 }),
    award: Type.Union(awardIds.map((id) => Type.Literal(id))),
    durationSeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
    /** Paths under the content's media folder. */
    poster: Type.String({ minLength: 1 }),
    src: Type.String({ minLength: 1 }),
    /** True for demonstration entries that are not the bureau's real videos; shown as 示例 on screen. */
    sample: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type VideoFrontMatter = Static<typeof VideoFrontMatter>
