// What a screen reader needs to know about an element, written once for both builds. Spread the result:
// <View {...heading(2)}>, <Button {...button()}>, <Image {...imageAlt('…')} />.
//
// WeChat reads `aria-role` and `aria-label` (base library 2.7.1+; Taro's `ariaRole` / `ariaLabel`). Browsers
// read `role`, `aria-level`, `aria-label`, `alt` and `tabIndex`: `aria-role` means nothing to them. The H5 build
// renders Taro's React HTML components (config: h5.useHtmlComponents): <View>, <Button> and <Text> become plain
// <div>/<span> with the props spread on them, and <Image> a <div> around an <img> that takes only `imgProps`.
// Taro renames the JSX attributes `ariaRole` → `role` and `ariaLabel` → `aria-label`, but only when they are written
// literally in JSX (babel-plugin-transform-taroapi), never inside a spread, and a tappable <View> or <Button> is
// neither focusable nor announced as a button on its own. So these helpers name each attribute for the platform
// being built. Each tests process.env.TARO_ENV itself: the build replaces it with a constant and drops the other
// branch (through a shared variable it did not).
// For WeChat: Taro 4.2.1's weapp templates (dist/weapp/base.wxml) carry no aria-* attribute of their own; the
// build plugin config/weapp-a11y/plugin.ts adds aria-role and aria-label to the components that take them (View,
// Text, Button, Image, ScrollView, Video, Input). Another component needs adding there before it can be labelled.

/** Props for a Taro component; typed loosely because Taro's types know only some of these attributes. */
export type A11yProps = Record<string, unknown>

/** A heading of the given level: 1 for the page's title, 2 for its sections, 3 below. */
export function heading(level: 1 | 2 | 3 | 4): A11yProps {
  return process.env.TARO_ENV === 'h5' ? { role: 'heading', 'aria-level': level } : { ariaRole: 'heading' }
}

/** A tappable element that acts in place (a Taro <Button>, or a <View> with onClick). */
export function button(): A11yProps {
  return process.env.TARO_ENV === 'h5' ? { role: 'button', tabIndex: 0 } : { ariaRole: 'button' }
}

/** A tappable element that opens another page. */
export function link(): A11yProps {
  return process.env.TARO_ENV === 'h5' ? { role: 'link', tabIndex: 0 } : { ariaRole: 'link' }
}

/** The text alternative of an image: `alt` on the <img> in H5, `aria-label` in WeChat. */
export function imageAlt(text: string): A11yProps {
  return process.env.TARO_ENV === 'h5' ? { imgProps: { alt: text } } : { ariaLabel: text }
}

/**
 * H5 only: Enter and Space activate an element made a button or link by the helpers above, as they do a
 * native <button>, so what is reachable by keyboard also works by keyboard. Call once at start.
 */
export function activateByKeyboard(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return
    const target = event.target as HTMLElement | null
    if (!target?.matches?.('[role="button"][tabindex], [role="link"][tabindex]')) return
    event.preventDefault()
    target.click()
  })
}
