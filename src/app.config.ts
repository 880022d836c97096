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
      pages: ['news/index'],
    },
  ],
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
    color: '#4a5568',
    selectedColor: '#0b4f9c',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/explainers/index', text: '解读' },
      { pagePath: 'pages/warnings/index', text: '警示' },
      { pagePath: 'pages/services/index', text: '投诉' },
      { pagePath: 'pages/videos/index', text: '视频' },
    ],
  },
})
