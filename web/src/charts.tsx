import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'preact/hooks';

/**
 * An ECharts chart. The library is loaded on first use; `label` describes the chart for screen
 * readers (the numbers are in the page's tables too).
 */
export function Chart({ option, label, height = 280 }: { option: EChartsCoreOption; label: string; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let dispose = (): void => {};
    void import('./echarts.ts').then(({ draw }) => {
      if (disposed || !el.current) return;
      const chart = draw(el.current);
      chart.setOption(option);
      const resize = (): void => chart.resize();
      window.addEventListener('resize', resize);
      dispose = () => {
        window.removeEventListener('resize', resize);
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [option]);
  return <div class="chart" ref={el} role="img" aria-label={label} style={{ height: `${height}px` }} data-chart />;
}
