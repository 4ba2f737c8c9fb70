/**
 * The DAG picture: laid out by dagre, written by us; parsed back with an XML parser to prove it is
 * well-formed SVG whatever the node names, and checked for what a reader needs (status colours,
 * durations, arrowheads, a legend, a viewBox, boxes that do not overlap on a big pipeline).
 */
import { node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cutLabel, dagGraph, escapeXml, formatDuration, layoutDag, MAX_LABEL_CHARS, renderDagSvg, type DagNodeState, type NodeStatus } from '@kedro-mlflow/hooks';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['g', 'path', 'text', 'rect'].includes(name) });

type El = Record<string, unknown> & { g?: El[]; path?: El[]; text?: Array<El | string>; rect?: El[]; title?: string | El; class?: string };

function parseSvg(svg: string): El {
  expect(XMLValidator.validate(svg)).toBe(true);
  return (parser.parse(svg) as { svg: El }).svg;
}

/** Every <g> at any depth. */
function groups(el: El): El[] {
  return (el.g ?? []).flatMap((g) => [g, ...groups(g)]);
}

const text = (t: El | string): string => (typeof t === 'string' ? t : String(t['#text'] ?? ''));
const identity = (...values: unknown[]): unknown => values[0];

function picture(p: Pipeline, states: Record<string, DagNodeState>, datasets = true): string {
  return renderDagSvg({ layout: layoutDag(dagGraph(p, { datasets })), nodes: new Map(Object.entries(states)), title: `train · ${TRICKY}` });
}

const TRICKY = `<script>alert("x") & 'y'</script>`;

describe('the DAG picture', () => {
  const p = pipeline([
    node(identity, ['raw', 'params:model'], 'features', { name: 'prepare' }),
    node(identity, 'features', TRICKY, { name: 'fit' }),
    node(identity, [TRICKY, 'features'], 'score', { name: 'evaluate' }),
    node(identity, 'raw', 'unused', { name: 'side' }),
  ]);
  const states: Record<string, DagNodeState> = {
    prepare: { status: 'completed', durationMs: 12.5 },
    fit: { status: 'failed', durationMs: 3 },
    evaluate: { status: 'not_run', durationMs: null },
    side: { status: 'interrupted', durationMs: null },
  };

  it('is valid SVG with a viewBox and its natural size, whatever characters the names hold', () => {
    const svg = picture(p, states);
    const root = parseSvg(svg);
    expect(root.xmlns).toBe('http://www.w3.org/2000/svg');
    const [, , w, h] = String(root.viewBox).split(' ').map(Number);
    expect(root.width).toBe(String(w));
    expect(root.height).toBe(String(h));
    expect(w).toBeGreaterThan(0);
    expect(svg).not.toContain('<script>');
    const tricky = groups(root).find((g) => g.class === 'dataset' && String(g.title) === TRICKY);
    expect(tricky).toBeDefined(); // the parser unescapes what we escaped
  });

  it('colours each node by status, writes its duration, and has a legend with the counts', () => {
    const root = parseSvg(picture(p, states));
    const nodes = groups(root).filter((g) => String(g.class).startsWith('node '));
    expect(nodes.map((g) => g.class).sort()).toEqual(['node status-completed', 'node status-failed', 'node status-interrupted', 'node status-not_run']);
    const prepare = nodes.find((g) => text(g.text![0]!) === 'prepare')!;
    expect(text(prepare.text![1]!)).toBe('completed · 13 ms');
    expect(prepare.rect![0]!.stroke).toBe('#2e7d32');
    const evaluate = nodes.find((g) => text(g.text![0]!) === 'evaluate')!;
    expect(text(evaluate.text![1]!)).toBe('not run');
    expect(evaluate.rect![0]!['stroke-dasharray']).toBeDefined();
    const legend = groups(root).filter((g) => g.class === 'legend-item').map((g) => text(g.text![0]!));
    expect(legend).toEqual(['completed (1)', 'failed (1)', 'interrupted (1)', 'skipped (0)', 'not run (1)', 'dataset']);
  });

  it('draws datasets (not parameters) between nodes, with an arrowhead on every edge', () => {
    const root = parseSvg(picture(p, states));
    const datasets = groups(root).filter((g) => g.class === 'dataset').map((g) => text(g.text![0]!));
    expect(datasets.sort()).toEqual([TRICKY, 'features', 'raw', 'score', 'unused'].sort());
    const edges = groups(root).find((g) => g.class === 'edges')!.path!;
    // raw→prepare→features→{fit, evaluate}, fit→tricky→evaluate→score, raw→side→unused
    expect(edges).toHaveLength(9);
    for (const edge of edges) {
      expect(edge['marker-end']).toBe('url(#arrow)');
      expect(String(edge.d)).toMatch(/^M[\d.-]+,[\d.-]+( L[\d.-]+,[\d.-]+)+$/);
    }
  });

  it('draws node-to-node edges only when datasets are left out', () => {
    const root = parseSvg(picture(p, states, false));
    expect(groups(root).filter((g) => g.class === 'dataset')).toHaveLength(0);
    expect(groups(root).find((g) => g.class === 'edges')!.path).toHaveLength(3); // prepare→fit, prepare→evaluate, fit→evaluate
  });

  it('cuts very long names in the box and keeps the full name in the tooltip', () => {
    const long = 'a_very_long_node_name_'.repeat(5);
    const root = parseSvg(picture(pipeline([node(identity, 'x', 'y', { name: long })]), { [long]: { status: 'completed', durationMs: 1500 } }));
    const box = groups(root).find((g) => g.class === 'node status-completed')!;
    expect(text(box.text![0]!)).toBe(cutLabel(long));
    expect([...text(box.text![0]!)]).toHaveLength(MAX_LABEL_CHARS);
    expect(String(box.title)).toBe(`${long}: completed · 1.50 s`);
  });

  it('keeps a 200-node pipeline readable: no two boxes overlap', () => {
    const nodes = Array.from({ length: 200 }, (_, i) =>
      node(identity, i === 0 ? ['raw'] : [`out_${Math.floor(i / 2)}`, `out_${Math.floor(i / 3)}`].filter((v, j, a) => a.indexOf(v) === j), `out_${i}`, { name: `step_${i}` }),
    );
    const layout = layoutDag(dagGraph(pipeline(nodes), { datasets: true }));
    expect(layout.boxes).toHaveLength(401);
    const overlaps = (a: (typeof layout.boxes)[number], b: (typeof layout.boxes)[number]): boolean =>
      Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height;
    const overlapping: string[] = [];
    for (let i = 0; i < layout.boxes.length; i++) {
      for (let j = i + 1; j < layout.boxes.length; j++) if (overlaps(layout.boxes[i]!, layout.boxes[j]!)) overlapping.push(`${layout.boxes[i]!.id} / ${layout.boxes[j]!.id}`);
    }
    expect(overlapping).toEqual([]);
    const states = Object.fromEntries(nodes.map((n) => [n.name, { status: 'completed' as NodeStatus, durationMs: 1 }]));
    parseSvg(renderDagSvg({ layout, nodes: new Map(Object.entries(states)), title: 'big' }));
  });
});

describe('helpers of the picture', () => {
  it('escapes the five XML characters and drops the control characters XML forbids', () => {
    expect(escapeXml(`a&b<c>d"e'f\u0001g\tz`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;fg\tz');
  });

  it('formats durations for a box', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(0.42)).toBe('0.4 ms');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(42_100)).toBe('42.1 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
  });
});
