// The content model: schemas (TypeBox, used by the server and the content check) and types.
// The app imports types from here with `import type`, and plain values only from ./labels.
export * from './common'
export * from './labels'
export * from './explainer'
export * from './warning'
export * from './video'
export * from './news'
export * from './site'
export * from './services'
export * from './search'
export type * from './blocks'
export type * from './api'
