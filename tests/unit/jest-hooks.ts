import { cleanupPage } from './render-page'

afterEach(() => {
  cleanupPage()
  jest.restoreAllMocks()
})
