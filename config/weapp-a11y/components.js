// The accessibility attributes WeChat's screen reader reads (`aria-role`, `aria-label`; base library 2.7.1+),
// per Taro component, in the shape of Taro's component tables (@tarojs/shared components.js): attribute name →
// default value, '' meaning "no default: bind the prop as it is". Read by the build plugin (./plugin.ts) for the
// templates and by the runtime module (./runtime.js) for the prop aliases, so the two can never disagree.
const aria = { 'aria-role': '', 'aria-label': '' }

export const ariaComponents = {
  View: aria,
  Text: aria,
  Button: aria,
  Image: aria,
  ScrollView: aria,
  Video: aria,
  Input: aria,
}
