// H5 only (the build picks this file over taro-styles.ts): Taro's own component styles, imported by app.tsx before
// our app.scss. The H5 build extracts Taro's styles into the app's stylesheet instead of injecting them from
// JavaScript at start (config/index.ts), and a stylesheet keeps its rules in import order: Taro's first, so that
// ours, which restyle Taro's buttons at the same specificity, come later and win.
import '@tarojs/components/dist/taro-components/taro-components.css'
import '@tarojs/components-react/dist/index.css'
