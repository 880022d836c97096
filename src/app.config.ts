export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/explainers/index',
    'pages/warnings/index',
    'pages/services/index',
    'pages/videos/index',
  ],
  subPackages: [
    {
      root: 'detail',
      pages: ['explainer/index', 'warning/index', 'video/index', 'news/index'],
    },
    {
      root: 'more',
      pages: ['news/index', 'search/index', 'mine/index', 'privacy/index'],
    },
  ],
  // In every weapp build, so devtools runs the app as released: components are injected when a page uses them
  // (one item of devtools' quality scan), and WeChat search indexes content pages only (src/sitemap.json).
  lazyCodeLoading: 'requiredComponents',
  sitemapLocation: 'sitemap.json',
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['detail'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#0b4f9c',
    navigationBarTitleText: '市监',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f9',
  },
  tabBar: {
    // H5 draws its own bar (src/components/tab-bar/index.h5.tsx) instead of Taro's web component; WeChat's app.json
    // stays as it was.
    ...(process.env.TARO_ENV === 'h5' ? { custom: true } : {}),
    color: '#4a5568',
    selectedColor: '#0b4f9c',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
      },
      {
        pagePath: 'pages/explainers/index',
        text: '解读',
        iconPath: 'assets/tab/explainers.png',
        selectedIconPath: 'assets/tab/explainers-active.png',
      },
      {
        pagePath: 'pages/warnings/index',
        text: '警示',
        iconPath: 'assets/tab/warnings.png',
        selectedIconPath: 'assets/tab/warnings-active.png',
      },
      {
        pagePath: 'pages/services/index',
        text: '投诉',
        iconPath: 'assets/tab/services.png',
        selectedIconPath: 'assets/tab/services-active.png',
      },
      {
        pagePath: 'pages/videos/index',
        text: '视频',
        iconPath: 'assets/tab/videos.png',
        selectedIconPath: 'assets/tab/videos-active.png',
      },
    ],
  },
})
