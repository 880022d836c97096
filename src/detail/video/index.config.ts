export default definePageConfig({
  navigationBarTitleText: '微视频',
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
