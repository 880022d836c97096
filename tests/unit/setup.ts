export {}
// Order matters: Taro's H5 runtime first (an import cycle fails otherwise), then React registered with it.
/* eslint-disable @typescript-eslint/no-var-requires */
require('@tarojs/taro')
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime')

createH5NativeComponentConfig(null, require('react'), require('react-dom'))

// test-utils-react 0.1.1 still calls react-dom/test-utils' act, which React 18.3 warns about on every render.
const consoleError = console.error
console.error = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('ReactDOMTestUtils.act')) return
  consoleError(...args)
}

// jsdom lacks these browser APIs that Taro's Image (lazy-load) and Video use; they do nothing here.
class NoIntersectionObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return []
  }
}
Object.assign(globalThis, { IntersectionObserver: NoIntersectionObserver })
window.HTMLMediaElement.prototype.load = () => {}
window.HTMLMediaElement.prototype.pause = () => {}
