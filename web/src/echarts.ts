// The ECharts modules the dashboard draws with, registered once. Imported only through charts.tsx's
// dynamic import(), so this is a chunk of its own, fetched by the first chart on screen.
import { BarChart, LineChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, DatasetComponent, CanvasRenderer]);

export const draw = (el: HTMLElement): EChartsType => init(el, undefined, { renderer: 'canvas' });
