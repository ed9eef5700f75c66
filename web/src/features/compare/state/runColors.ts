// One color per compared run, fixed by its position in the comparison, so a run has the same color
// in every chart, the legend and the tables. 20 hues that stay apart in light and dark themes
// (Tableau 20's order, the palette W&B and Grafana users read without a key).
const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

export function runColor(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#888888';
}
