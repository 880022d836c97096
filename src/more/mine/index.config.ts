export default definePageConfig({
  navigationBarTitleText: '收藏与浏览记录',
})
