// H5 build only: stands in for '@tarojs/components/dist/components', Taro's Stencil web components (config/index.ts
// aliases the module here). With h5.useHtmlComponents the pages render Taro's React components and the app draws
// its own tab bar (src/components/tab-bar/index.h5.tsx), so nothing the app does registers a web component. Two
// Taro packages still import a registration function from it, and the alias applies to them only: the router
// (its tab bar, skipped when tabBar.custom is set) and the H5 API (previewImage's swiper, which would throw).
// Without this file those imports keep the Stencil runtime in app.js (about 27 KB) and run it at start. The video
// page's <Video> still comes from Taro's web components, loaded with that page, through the real module.
// Calling one of them is a build mistake, so it says so instead of failing quietly.
function unavailable(name) {
  return function () {
    throw new Error(
      `${name}: Taro's web components are left out of the H5 build (config/h5-no-web-components); ` +
        'use the React component instead, or remove the alias in config/index.ts',
    )
  }
}

export const defineCustomElementTaroTabbar = unavailable('defineCustomElementTaroTabbar')
export const defineCustomElementTaroSwiperCore = unavailable('defineCustomElementTaroSwiperCore')
export const defineCustomElementTaroSwiperItemCore = unavailable('defineCustomElementTaroSwiperItemCore')
