import { dumpYaml, parseYaml, pythonFloatRepr, resolvePlainScalar, yamlString } from '../../src/store/file/yaml-meta.js';
import { parsePythonFloat, parsePythonInt, latestOf, parseRunMetricFile, parseModelMetricFile, runMetricLine, modelMetricLine } from '../../src/store/file/metric-lines.js';

describe('YAML as PyYAML reads and writes it', () => {
  it('resolves plain scalars with YAML 1.1 rules (like yaml.safe_load)', () => {
    expect(resolvePlainScalar('1e5')).toBe('1e5'); // not a float for PyYAML: no dot
    expect(resolvePlainScalar('12e45')).toBe('12e45');
    expect(resolvePlainScalar('1.5e3')).toBe('1.5e3'); // exponent needs a sign in YAML 1.1
    expect(resolvePlainScalar('1.5e+3')).toBe(1500);
    expect(resolvePlainScalar('1_000')).toBe(1000);
    expect(resolvePlainScalar('1:20')).toBe(80);
    expect(resolvePlainScalar('010')).toBe(8);
    expect(resolvePlainScalar('0x1f')).toBe(31);
    expect(resolvePlainScalar('0b11')).toBe(3);
    expect(resolvePlainScalar('yes')).toBe(true);
    expect(resolvePlainScalar('Off')).toBe(false);
    expect(resolvePlainScalar('~')).toBeNull();
    expect(resolvePlainScalar('')).toBeNull();
    expect(resolvePlainScalar('.inf')).toBe(Infinity);
    expect(resolvePlainScalar('-.Inf')).toBe(-Infinity);
    expect(Number.isNaN(resolvePlainScalar('.nan') as number)).toBe(true);
    expect(resolvePlainScalar('3')).toBe(3);
    expect(resolvePlainScalar('active')).toBe('active');
    expect(resolvePlainScalar('y')).toBe('y');
  });

  it('parses what Python writes: quoted ids, null, ints, nested maps, empty collections, folded long lines', () => {
    const text = [
      "artifact_uri: file:///tmp/x/mlruns/0/abc/artifacts",
      "deleted_time: null",
      "end_time: 1721450907230",
      "entry_point_name: ''",
      "experiment_id: '0'",
      'run_name: 1e5',
      'status: 3',
      'tags: []',
      'aliases: {}',
      'source: \'{"tags": {"mlflow.user": "root", "mlflow.source.name": "gen.py", "mlflow.source.type":',
      '  "LOCAL"}}\'',
      'nested:',
      '  mlflow.data.context: training',
      'list:',
      '- a',
      "- '0'",
      'quote: \'it\'\'s\'',
      'dq: "a\\tb\\nc"',
    ].join('\n');
    expect(parseYaml(text)).toEqual({
      artifact_uri: 'file:///tmp/x/mlruns/0/abc/artifacts',
      deleted_time: null,
      end_time: 1721450907230,
      entry_point_name: '',
      experiment_id: '0',
      run_name: '1e5',
      status: 3,
      tags: [],
      aliases: {},
      source: '{"tags": {"mlflow.user": "root", "mlflow.source.name": "gen.py", "mlflow.source.type": "LOCAL"}}',
      nested: { 'mlflow.data.context': 'training' },
      list: ['a', '0'],
      quote: "it's",
      dq: 'a\tb\nc',
    });
  });

  it('quotes every string PyYAML would read as something else, and nothing is lost on a round trip', () => {
    expect(yamlString('0')).toBe("'0'");
    expect(yamlString('123456789012345678')).toBe("'123456789012345678'");
    expect(yamlString('yes')).toBe("'yes'");
    expect(yamlString('null')).toBe("'null'");
    expect(yamlString('')).toBe("''");
    expect(yamlString('1:20')).toBe("'1:20'");
    expect(yamlString('2001-12-14')).toBe("'2001-12-14'");
    expect(yamlString("it's")).toBe("'it''s'");
    expect(yamlString('a: b')).toBe("'a: b'");
    expect(yamlString('line1\nline2')).toBe('"line1\\nline2"');
    expect(yamlString('file:///tmp/a b/mlruns')).toBe('file:///tmp/a b/mlruns');
    expect(yamlString('active')).toBe('active');
    expect(yamlString('1e5')).toBe('1e5');
    const tricky = ['0', '1.0', '.5', '+1', '-x', '#c', 'a #b', '@x', '%x', 'x:', '`x', '!x', '&x', '*x', '[x', '{x', '|x', '>x', "'x", '"x', '? x', 'x,y',
      '=', '<<', '---', '...', ' lead', 'trail ', 'tab\there', 'é ü ß', '日本語', 'emoji 🎉', 'cr\rlf', 'nul\u0000', 'ls\u2028ps\u2029', 'bom\ufeff', 'del\u007f', 'c1\u0085', 'True', 'NO', '~', '0o7', '0x1F', '1_0'];
    const data: Record<string, string> = {};
    tricky.forEach((s, i) => (data[`k${String(i).padStart(2, '0')}`] = s));
    expect(parseYaml(dumpYaml(data))).toEqual(data);
  });

  it('writes sorted keys, block style, nested maps indented and lists like PyYAML', () => {
    expect(dumpYaml({ b: 1, a: 'x', tags: [], m: { z: '1', y: null }, e: {}, l: ['p', 'q'], n: null, t: true })).toBe(
      ['a: x', 'b: 1', 'e: {}', 'l:', '- p', '- q', 'm:', "  y: null", "  z: '1'", 'n: null', 't: true', 'tags: []', ''].join('\n'),
    );
  });

  it("formats floats like Python's repr", () => {
    const cases: Array<[number, string]> = [
      [1.5, '1.5'], [3, '3.0'], [0.1, '0.1'], [1e-5, '1e-05'], [0.0001, '0.0001'], [1e20, '1e+20'], [1e16, '1e+16'], [1e15, '1000000000000000.0'],
      [123456789.123, '123456789.123'], [-2.5e-7, '-2.5e-07'], [1.7976931348623157e308, '1.7976931348623157e+308'], [5e-324, '5e-324'],
      [NaN, 'nan'], [Infinity, 'inf'], [-Infinity, '-inf'], [0, '0.0'], [-0, '-0.0'], [-3, '-3.0'], [2 ** 53, '9007199254740992.0'],
    ];
    for (const [value, text] of cases) expect(pythonFloatRepr(value)).toBe(text);
  });
});

describe('metric lines', () => {
  it('reads values like float() and ints like int()', () => {
    for (const [text, value] of [['nan', NaN], ['NaN', NaN], ['inf', Infinity], ['Infinity', Infinity], ['-inf', -Infinity], ['+inf', Infinity], ['1e-05', 1e-5], ['1', 1], ['.5', 0.5], ['5.', 5], ['1_000.5', 1000.5]] as const) {
      expect(Object.is(parsePythonFloat(text), value) || (Number.isNaN(value) && Number.isNaN(parsePythonFloat(text)))).toBe(true);
    }
    expect(() => parsePythonFloat('abc')).toThrow();
    expect(() => parsePythonFloat('0x10')).toThrow();
    expect(parsePythonInt('42')).toBe(42);
    expect(parsePythonInt('-7')).toBe(-7);
    expect(() => parsePythonInt('1.5')).toThrow();
  });

  it('writes and reads the 3- and 5-field run lines and the 4- and 6-field model lines', () => {
    const m = { key: 'acc', value: 0.5, timestamp: 1700000000000, step: 3 };
    expect(runMetricLine(m)).toBe('1700000000000 0.5 3\n');
    expect(runMetricLine({ ...m, datasetName: 'train', datasetDigest: 'abc' })).toBe('1700000000000 0.5 3 train abc\n');
    expect(modelMetricLine(m, 'r1')).toBe('1700000000000 0.5 3 r1\n');
    expect(modelMetricLine({ ...m, datasetName: 'train', datasetDigest: 'abc' }, 'r1')).toBe('1700000000000 0.5 3 r1 train abc\n');
    const parsed = parseRunMetricFile('acc', '10 1.0\n11 nan 2\n12 2 3 ds dg\n', 'r', '0');
    expect(parsed.map((p) => [p.timestamp, p.value, p.step, p.datasetName])).toEqual([[10, 1, 0, undefined], [11, NaN, 2, undefined], [12, 2, 3, 'ds']]);
    expect(parseModelMetricFile('acc', '10 1.0 0 run1\n', 'm-1')[0]).toMatchObject({ runId: 'run1', modelId: 'm-1', step: 0 });
  });

  it('rejects malformed lines with INTERNAL_ERROR, as Python does', () => {
    expect(() => parseRunMetricFile('acc', '1 2 3 4\n', 'r', '0')).toThrow(expect.objectContaining({ errorCode: 'INTERNAL_ERROR' }));
    expect(() => parseModelMetricFile('acc', '1 2 3\n', 'm')).toThrow(expect.objectContaining({ errorCode: 'INTERNAL_ERROR' }));
  });

  it('picks the latest point by (step, timestamp, value); the first wins ties and NaN never beats a tie', () => {
    const p = (step: number, timestamp: number, value: number) => ({ key: 'k', step, timestamp, value });
    expect(latestOf([p(1, 5, 1), p(2, 1, 0), p(2, 1, -1)])).toEqual(p(2, 1, 0));
    expect(latestOf([p(0, 9, 1), p(0, 10, 0)])).toEqual(p(0, 10, 0));
    expect(latestOf([p(0, 1, 1), p(0, 1, NaN)])).toEqual(p(0, 1, 1));
    expect(latestOf([p(0, 1, NaN), p(0, 1, 5)])!.value).toBeNaN();
    expect(latestOf([])).toBeUndefined();
  });
});
