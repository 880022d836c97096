export default definePageConfig({
  navigationBarTitleText: '消费警示',
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
