import type { PropsWithChildren } from 'react'
import { activateByKeyboard } from './a11y'
import './app.scss'

activateByKeyboard() // H5: Enter and Space on tappable views, as on native buttons (nothing in WeChat)

function App({ children }: PropsWithChildren) {
  // children are the pages being shown
  return children
}

export default App
