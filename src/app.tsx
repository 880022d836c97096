import type { PropsWithChildren } from 'react'
import { activateByKeyboard } from './a11y'
import { TabBar } from './components/tab-bar'
import { startReach } from './reach/events'
import './taro-styles' // before app.scss: ours override Taro's
import './app.scss'

activateByKeyboard() // H5: Enter and Space on tappable views, as on native buttons (nothing in WeChat)
startReach() // reach events left by an earlier visit are sent; events are sent when the app is hidden

function App({ children }: PropsWithChildren) {
  // children are the pages being shown. H5 draws its own tab bar (components/tab-bar/index.h5.tsx) before them,
  // so that the page Taro shows stays the last child of the router, as its CSS expects.
  if (process.env.TARO_ENV === 'h5') {
    return (
      <>
        <TabBar />
        {children}
      </>
    )
  } else {
    return children
  }
}

export default App
