export default definePageConfig({
  navigationBarTitleText: '法规解读',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
