// Order matters: Taro's H5 runtime first (an import cycle fails otherwise), then React registered with it.
/* eslint-disable @typescript-eslint/no-var-requires */
require('@tarojs/taro')
const React = require('react')
const ReactDOM = require('react-dom')
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime')

createH5NativeComponentConfig(null, React, ReactDOM)

// test-utils-react 0.1.1 still calls react-dom/test-utils' act, which React 18.3 warns about on every render.
const consoleError = console.error
console.error = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('ReactDOMTestUtils.act')) return
  consoleError(...args)
}
