export default definePageConfig({
  navigationBarTitleText: '法规解读',
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
