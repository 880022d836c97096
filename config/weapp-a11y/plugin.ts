// A Taro build plugin for the weapp target: WeChat's screen reader reads `aria-role` and `aria-label`, but Taro
// 4.2.1's weapp templates (base.wxml) pass neither on, so `ariaRole` / `ariaLabel` written in JSX (src/a11y.ts)
// never reached WeChat. This adds both attributes to the templates of the components in ./components.js and the
// same entries to the runtime's component table (./runtime.js), which numbers the prop aliases the templates read.
// Proof: tests/weapp/a11y.test.ts reads the attributes back from the built base.wxml and the rendered pages.
import path from 'node:path'
import type { IPluginContext, TaroPlatformBase } from '@tarojs/service'
import { ariaComponents } from './components'

export default (ctx: IPluginContext) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform: TaroPlatformBase & { template?: { mergeComponents(ctx: IPluginContext, patch: object): void } }) {
      if (process.env.TARO_ENV !== 'weapp' || !platform.template) return
      platform.template.mergeComponents(ctx, ariaComponents)
      const runtime = path.join(__dirname, 'runtime.js')
      const current = platform.runtimePath
      platform.runtimePath = Array.isArray(current) ? [...current, runtime] : [current, runtime]
    },
  })
}
