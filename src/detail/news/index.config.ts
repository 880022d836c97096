export default definePageConfig({
  navigationBarTitleText: '新闻动态',
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
