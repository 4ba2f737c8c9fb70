/**
 * The run's DAG as a standalone SVG: one box per node coloured by its status with its duration,
 * datasets as small grey boxes, edges with arrowheads, a title line and a legend. It has a viewBox
 * and its natural size, so MLflow's artifact viewer (which shows `.svg` files as images) and a
 * browser both scale it; every name is user input and is XML-escaped.
 */
import { DATASET_FONT_SIZE, NODE_FONT_SIZE, type DagLayout, type LaidOutBox, type Point } from './dag-layout.js';
import type { NodeStatus } from './node-timings.js';

export interface DagNodeState {
  status: NodeStatus;
  durationMs: number | null;
}

export interface DagPicture {
  layout: DagLayout;
  /** By node name. */
  nodes: ReadonlyMap<string, DagNodeState>;
  /** The first line: pipeline names, run status, duration. */
  title: string;
}

export const STATUS_STYLES: Record<NodeStatus, { label: string; fill: string; stroke: string; dashed: boolean }> = {
  completed: { label: 'completed', fill: '#e6f4ea', stroke: '#2e7d32', dashed: false },
  failed: { label: 'failed', fill: '#fde7e9', stroke: '#c62828', dashed: false },
  interrupted: { label: 'interrupted', fill: '#fff4e0', stroke: '#e65100', dashed: false },
  skipped: { label: 'skipped', fill: '#f3f3f3', stroke: '#8a8a8a', dashed: true },
  not_run: { label: 'not run', fill: '#fafafa', stroke: '#b0b0b0', dashed: true },
};
const DATASET_STYLE = { fill: '#eef2f5', stroke: '#607d8b' };
const FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace";
const HEADER_HEIGHT = 56;
const MARGIN = 16;

/** Characters XML 1.0 forbids even escaped (control characters) are dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, '0')} s`;
}

const num = (n: number): string => String(Math.round(n * 10) / 10);

export function renderDagSvg(picture: DagPicture): string {
  const { layout } = picture;
  const legend = legendItems(picture);
  const legendWidth = legend.reduce((width, item) => width + item.width, 0);
  const width = Math.max(layout.width, legendWidth + 2 * MARGIN, 320);
  const height = layout.height + HEADER_HEIGHT;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${escapeXml(FONT)}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
      '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="22" font-size="14" font-weight="bold" fill="#222">${escapeXml(picture.title)}</text>`,
  ];
  let x = MARGIN;
  for (const item of legend) {
    out.push(
      `<g class="legend-item"><rect x="${x}" y="32" width="14" height="14" rx="3" fill="${item.fill}" stroke="${item.stroke}"${item.dashed ? ' stroke-dasharray="3 2"' : ''}/>` +
        `<text x="${x + 19}" y="43" font-size="11" fill="#333">${escapeXml(item.text)}</text></g>`,
    );
    x += item.width;
  }
  out.push(`<g transform="translate(0 ${HEADER_HEIGHT})">`);
  out.push('<g class="edges" fill="none" stroke="#777" stroke-width="1.2">');
  for (const edge of layout.edges) if (edge.points.length > 1) out.push(`<path d="${pathData(edge.points)}" marker-end="url(#arrow)"/>`);
  out.push('</g>');
  for (const box of layout.boxes) out.push(box.kind === 'node' ? nodeBox(box, picture.nodes.get(box.name)) : datasetBox(box));
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}

function pathData(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)},${num(p.y)}`).join(' ');
}

function nodeBox(box: LaidOutBox, state: DagNodeState | undefined): string {
  const status = state?.status ?? 'not_run';
  const style = STATUS_STYLES[status];
  const left = box.x - box.width / 2;
  const top = box.y - box.height / 2;
  const detail = [style.label, formatDuration(state?.durationMs ?? null)].filter((s) => s !== '').join(' · ');
  const tooltip = `${box.name}: ${detail}`;
  return (
    `<g class="node status-${status}"><title>${escapeXml(tooltip)}</title>` +
    `<rect x="${num(left)}" y="${num(top)}" width="${num(box.width)}" height="${num(box.height)}" rx="6" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.6"${style.dashed ? ' stroke-dasharray="5 3"' : ''}/>` +
    `<text x="${num(box.x)}" y="${num(top + 18)}" text-anchor="middle" font-size="${NODE_FONT_SIZE}" fill="#111">${escapeXml(box.label)}</text>` +
    `<text x="${num(box.x)}" y="${num(top + 35)}" text-anchor="middle" font-size="11" fill="${style.stroke}">${escapeXml(detail)}</text></g>`
  );
}

function datasetBox(box: LaidOutBox): string {
  const left = box.x - box.width / 2;
  const top = box.y - box.height / 2;
  return (
    `<g class="dataset"><title>${escapeXml(box.name)}</title>` +
    `<rect x="${num(left)}" y="${num(top)}" width="${num(box.width)}" height="${num(box.height)}" rx="${box.height / 2}" fill="${DATASET_STYLE.fill}" stroke="${DATASET_STYLE.stroke}"/>` +
    `<text x="${num(box.x)}" y="${num(box.y + DATASET_FONT_SIZE / 3)}" text-anchor="middle" font-size="${DATASET_FONT_SIZE}" fill="#37474f">${escapeXml(box.label)}</text></g>`
  );
}

function legendItems(picture: DagPicture): Array<{ text: string; fill: string; stroke: string; dashed: boolean; width: number }> {
  const counts = new Map<NodeStatus, number>();
  for (const box of picture.layout.boxes) {
    if (box.kind !== 'node') continue;
    const status = picture.nodes.get(box.name)?.status ?? 'not_run'; // as its box is drawn
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const items = (Object.keys(STATUS_STYLES) as NodeStatus[]).map((status) => {
    const style = STATUS_STYLES[status];
    const text = `${style.label} (${counts.get(status) ?? 0})`;
    return { text, fill: style.fill, stroke: style.stroke, dashed: style.dashed, width: 19 + text.length * 7 + 16 };
  });
  if (picture.layout.boxes.some((box) => box.kind === 'dataset')) {
    items.push({ text: 'dataset', fill: DATASET_STYLE.fill, stroke: DATASET_STYLE.stroke, dashed: false, width: 19 + 7 * 7 + 16 });
  }
  return items;
}
