// Only what the trend chart uses, so the bundle stays small: the line chart, grid, tooltip, legend, dataset and
// mark-line (today's unfinished day) components, and the canvas renderer. Loaded on demand (TrendChart imports this module lazily).
import { LineChart } from 'echarts/charts'
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components'
import { init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([LineChart, GridComponent, TooltipComponent, LegendComponent, DatasetComponent, MarkLineComponent, CanvasRenderer])

export { init }
