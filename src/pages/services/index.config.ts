export default definePageConfig({
  navigationBarTitleText: '投诉举报',
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
