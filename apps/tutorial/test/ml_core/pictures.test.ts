/** The SVG pictures: labelled, self-contained, and every text escaped. */
import { confusionMatrixSvg, escapeXml, rocCurve, rocCurveSvg } from '../../src/ml_core/index.js';
import { expectMlCoreError } from './fixture.js';

/** Every tag closes in order (a small well-formedness check: no unescaped < or & can slip through). */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  const body = svg.replace(/&(amp|lt|gt|quot|#39);/g, '');
  expect(body).not.toMatch(/&/);
  for (const tag of body.matchAll(/<(\/?)([a-z]+)[^<>]*?(\/?)>/g)) {
    if (tag[1] === '/') expect(stack.pop()).toBe(tag[2]);
    else if (tag[3] !== '/') stack.push(tag[2] as string);
  }
  expect(stack).toEqual([]);
  expect(body.replace(/<[^<>]*>/g, '')).not.toMatch(/[<>]/);
}

describe('confusionMatrixSvg', () => {
  it('shows each count, both label names and both axis titles', () => {
    const svg = confusionMatrixSvg([[11250, 1250], [1500, 11000]], ['negative', 'positive']);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const text of ['11250', '1250', '1500', '11000', 'negative', 'positive', 'Predicted label', 'True label', '90.0% of true']) expect(svg).toContain(`>${text}`);
    expectWellFormed(svg);
  });

  it('escapes hostile labels and titles, and refers to nothing outside the file', () => {
    const svg = confusionMatrixSvg([[1, 2], [3, 4]], ['<script>alert(1)</script>', 'a & "b"'], "Tom's <matrix>");
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('a &amp; &quot;b&quot;');
    expect(svg).not.toMatch(/href|url\(|@import|<style|<script/);
    expectWellFormed(svg);
  });

  it('refuses a matrix that is not square and labels of the wrong count', () => {
    expectMlCoreError(() => confusionMatrixSvg([[1, 2], [3]], ['a', 'b']), 'shape-mismatch', 'matrix[1]');
    expectMlCoreError(() => confusionMatrixSvg([[1, 2], [3, -4]], ['a', 'b']), 'invalid-argument', 'matrix[1][1]');
    expectMlCoreError(() => confusionMatrixSvg([[1, 2], [3, 4]], ['a']), 'shape-mismatch', 'labels');
  });
});

describe('rocCurveSvg', () => {
  const curve = rocCurve([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9]);

  it('draws the curve through its points, with axes, ticks and the AUC', () => {
    const svg = rocCurveSvg(curve, 0.8889);
    expect(svg).toContain('ROC (AUC = 0.889)');
    for (const text of ['False positive rate', 'True positive rate', '0.0', '0.6', '1.0']) expect(svg).toContain(`>${text}<`);
    const points = /<polyline points="([^"]+)"/.exec(svg)?.[1]?.split(' ');
    expect(points).toHaveLength(curve.fpr.length);
    expect(points?.[0]).toBe('70,410'); // (0, 0): bottom left of the plot
    expect(points?.at(-1)).toBe('430,50'); // (1, 1): top right
    expectWellFormed(svg);
  });

  it('escapes the title and refuses rates or an area outside [0, 1]', () => {
    expect(rocCurveSvg(curve, 0.5, 'A <b> & c')).toContain('A &lt;b&gt; &amp; c');
    expectMlCoreError(() => rocCurveSvg({ ...curve, tpr: curve.tpr.map((t) => t * 2) }, 0.5), 'invalid-argument', 'curve.tpr[1]');
    expectMlCoreError(() => rocCurveSvg(curve, 1.2), 'invalid-argument', 'auc');
    expectMlCoreError(() => rocCurveSvg({ fpr: [0], tpr: [0], thresholds: [1] }, 0.5), 'shape-mismatch', 'curve');
  });

  it('escapeXml drops control characters XML forbids', () => {
    expect(escapeXml('a\u0001b\u0007c\td')).toBe('abc\td');
  });
});
