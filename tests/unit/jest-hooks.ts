import Taro from '@tarojs/taro'
import { favourites, recentlyViewed, recentSearches } from '@/hooks/stored-list'
import { resetDisplayForTests } from '@/hooks/use-display'
import { resetReachForTests } from '@/reach/events'
import { cleanupPage } from './render-page'

// Every test starts on a device with nothing stored: no cached responses, favourites or searches.
afterEach(() => {
  cleanupPage()
  jest.restoreAllMocks()
  Taro.clearStorageSync()
  for (const list of [favourites, recentlyViewed, recentSearches]) list.clear()
  resetDisplayForTests()
  resetReachForTests() // no reach event send left scheduled
})
