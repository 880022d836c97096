export default definePageConfig({
  navigationBarTitleText: '微视频',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
