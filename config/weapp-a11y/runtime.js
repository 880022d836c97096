// Runs first in the weapp bundle (the plugin adds it to Taro's runtime modules). Taro's runtime shortens each
// component's props to aliases (p0, p1, …) numbered from its component table, and base.wxml reads them by those
// numbers, so the table here must grow exactly as the one the templates were built from (./plugin.ts).
import { mergeInternalComponents } from '@tarojs/shared'
import { ariaComponents } from './components'

mergeInternalComponents(ariaComponents)
