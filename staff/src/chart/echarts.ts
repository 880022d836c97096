// Only what the trend chart uses, so the bundle stays small: the line chart, grid, tooltip, legend and dataset
// components, and the canvas renderer. Loaded on demand (TrendChart imports this module lazily).
import { LineChart } from 'echarts/charts'
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([LineChart, GridComponent, TooltipComponent, LegendComponent, DatasetComponent, CanvasRenderer])

export { init }
