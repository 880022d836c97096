export default definePageConfig({
  navigationBarTitleText: '市监',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
