// Plain-text tables: one row per measure, ours beside the anchor's, and the ratio against the goal.
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function fmt(value, digits = 2) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  return value.toFixed(digits);
}

/**
 * rows: [{measure, unit, ours, anchor, goal: 'ratio <= 1/30' text, ratio?: number}]
 */
export function printTable(title, rows) {
  const header = ['measure', 'ours', 'anchor', 'ours/anchor', 'goal'];
  const body = rows.map((r) => [
    `${r.measure} (${r.unit})`,
    fmt(r.ours),
    fmt(r.anchor),
    r.anchor ? `1/${fmt(r.anchor / r.ours, 1)}` : '—',
    r.goal ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n## ${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
}
