// WeChat draws the tab bar itself from app.config.ts (tabBar). Only the H5 build renders one: index.h5.tsx, which
// Taro's build picks instead of this file for H5 (platform file suffixes).
export function TabBar(): null {
  return null
}
