export default definePageConfig({
  navigationBarTitleText: '消费警示',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
