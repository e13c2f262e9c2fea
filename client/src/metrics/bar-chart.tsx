import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { createEffect, onCleanup, onMount } from 'solid-js';

// Only what bar charts need: chart.js is tree-shaken down to these parts.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface Series {
  label: string;
  values: number[];
  color: string;
}

/** A bar chart (vertical, or horizontal for long labels); stacked when there are several series. */
export function BarChart(props: { title: string; labels: string[]; series: Series[]; horizontal?: boolean; percent?: boolean; testId?: string }) {
  let canvas!: HTMLCanvasElement;
  let chart: Chart<'bar'> | undefined;
  const data = () => ({
    labels: props.labels,
    datasets: props.series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderRadius: 4, maxBarThickness: 36 })),
  });
  onMount(() => {
    const stacked = props.series.length > 1;
    const axis = { stacked, grid: { color: 'rgba(255,255,255,0.06)' }, ticks: { color: '#a9acc0', precision: 0 } };
    chart = new Chart(canvas, {
      type: 'bar',
      data: data(),
      options: {
        indexAxis: props.horizontal ? 'y' : 'x',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: stacked, labels: { color: '#d7d9e6' } }, tooltip: { enabled: true } },
        scales: { x: axis, y: axis },
      },
    });
    onCleanup(() => chart?.destroy());
  });
  createEffect(() => {
    const next = data();
    if (!chart) return;
    chart.data = next;
    chart.update();
  });
  return (
    <figure class="chart card">
      <figcaption class="section-title">{props.title}</figcaption>
      <div class="chart__canvas" style={{ height: props.horizontal ? `${Math.max(160, props.labels.length * 26)}px` : '220px' }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={props.title}
          data-testid={props.testId}
          data-points={props.series.reduce((n, s) => n + s.values.filter((v) => v > 0).length, 0)}
        />
      </div>
    </figure>
  );
}
