import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { CSVDataset } from '../src/index.js';
import { fileError, filesIn, optionError, tempFolders } from './helpers.js';

const temp = tempFolders();

const table = () =>
  aq.table({
    id: [1, 2, 3],
    price: [1.5, null, -2e-7],
    zip: ['007', '', null],
    ok: [true, false, null],
    when: [new Date('2024-01-01T00:00:00Z'), new Date('2024-02-01T10:20:30.456Z'), null],
    label: ['a,b', 'say "hi"', 'two\nlines'],
  });

describe('CSVDataset', () => {
  it('keeps values and column types through a save/load round trip', async () => {
    const filepath = join(temp(), 'cars.csv');
    const ds = new CSVDataset({ filepath });
    await ds.save(table());
    const back = await ds.load();
    expect(back.columnNames()).toEqual(['id', 'price', 'zip', 'ok', 'when', 'label']);
    expect(back.objects()).toEqual(table().objects());
    // A digit string and an empty string stay strings; a missing value stays missing.
    expect(back.array('zip')).toEqual(['007', '', null]);
    expect(readFileSync(filepath, 'utf8').split('\n')[1]).toBe('1,1.5,"007",true,2024-01-01T00:00:00.000Z,"a,b"');
  });

  it('infers types of a hand-written (pandas-style) file per column', async () => {
    const filepath = join(temp(), 'in.csv');
    writeFileSync(filepath, 'n,f,b,d,s,mixed,e\n1,2.5,True,2024-01-15,x,1,\n2,NaN,False,2024-01-16 10:30:00,,y,\n');
    const back = await new CSVDataset({ filepath }).load();
    expect(back.objects()).toEqual([
      { n: 1, f: 2.5, b: true, d: new Date('2024-01-15T00:00:00Z'), s: 'x', mixed: '1', e: null },
      { n: 2, f: null, b: false, d: new Date('2024-01-16T10:30:00Z'), s: null, mixed: 'y', e: null },
    ]);
  });

  it('applies load_args: sep, header/names, skiprows, nrows, usecols, dtype, na_values, comment', async () => {
    const filepath = join(temp(), 'in.csv');
    writeFileSync(filepath, 'junk line\n# a comment\n1;0042;-\n2;0043;x\n3;0044;y\n');
    const ds = new CSVDataset({
      filepath,
      load_args: { sep: ';', skiprows: 1, comment: '#', header: null, names: ['id', 'code', 'tag'], usecols: ['code', 'tag'], dtype: { code: 'str' }, na_values: ['-'], nrows: 2 },
    });
    expect((await ds.load()).objects()).toEqual([{ code: '0042', tag: null }, { code: '0043', tag: 'x' }]);
    const noHeader = await new CSVDataset({ filepath, load_args: { header: false, skiprows: 2, sep: ';' } }).load();
    expect(noHeader.columnNames()).toEqual(['0', '1', '2']);
    expect(noHeader.array('1')).toEqual([42, 43, 44]);
  });

  it('applies save_args: sep, header, columns, na_rep, index: false', async () => {
    const filepath = join(temp(), 'out.csv');
    const ds = new CSVDataset({ filepath, save_args: { sep: '\t', header: false, columns: ['ok', 'id'], na_rep: 'NA', index: false } });
    await ds.save(table());
    expect(readFileSync(filepath, 'utf8')).toBe('true\t1\nfalse\t2\nNA\t3\n');
  });

  it('a pinned dtype that does not fit names the column, the value and the row', async () => {
    const filepath = join(temp(), 'in.csv');
    writeFileSync(filepath, 'a\n1\nx\n');
    const error = await fileError(new CSVDataset({ filepath, load_args: { dtype: { a: 'float64' } } }, { name: 'raw' }).load());
    expect(error.kind).toBe('corrupt');
    expect(error.message).toContain(`Cannot load dataset 'raw': file '${filepath}' is not valid CSV: column 'a' has "x" in data row 2, which is not a number`);
  });

  it.each([
    ['a,b\n1,2,3\n', 'Invalid Record Length: expect 2, got 3 on line 2'],
    ['a,b\n1,"x\n', 'Quote Not Closed'],
    ['a,a\n1,2\n', "the header names column 'a' twice"],
  ])('a corrupt file is a corrupt-file error: %j', async (text, reason) => {
    const filepath = join(temp(), 'bad.csv');
    writeFileSync(filepath, text);
    const error = await fileError(new CSVDataset({ filepath }, { name: 'cars' }).load());
    expect(error).toMatchObject({ kind: 'corrupt', dataset: "'cars'", filepath });
    expect(error.message).toContain(reason);
  });

  it('refuses what CSV cannot hold, and non-tables, writing nothing', async () => {
    const dir = temp();
    const filepath = join(dir, 'x.csv');
    const nested = await fileError(new CSVDataset({ filepath }).save(aq.table({ a: [1, 2], b: [null, { x: 1 }] })));
    expect(nested.kind).toBe('unserializable');
    expect(nested.message).toContain("column 'b' holds {x: 1} in row 2");
    const rows = await fileError(new CSVDataset({ filepath }).save([{ a: 1 }] as never));
    expect(rows.message).toContain('it saves arquero tables, got [{a: 1}]');
    expect(filesIn(dir)).toEqual([]);
  });

  it('saves filtered and ordered tables in their visible order', async () => {
    const filepath = join(temp(), 'f.csv');
    const ds = new CSVDataset({ filepath });
    await ds.save(table().filter((d: { id: number }) => d.id > 1).orderby(aq.desc('id')));
    expect((await ds.load()).array('id')).toEqual([3, 2]);
  });

  it('describes itself with its args and version, never its credentials or metadata', () => {
    const ds = new CSVDataset({
      filepath: 'data/cars.csv',
      load_args: { sep: ';' },
      credentials: { token: 'secret-value' },
      metadata: { layer: 'raw' },
      version: { load: '2024-01-01T00.00.00.000Z' },
    });
    expect(ds.toString()).toBe("CSVDataset(filepath='data/cars.csv', load_args={'sep': ';'}, version={'load': '2024-01-01T00.00.00.000Z'})");
    expect(ds.metadata).toEqual({ layer: 'raw' });
  });

  it('versioned save and load', async () => {
    const filepath = join(temp(), 'v.csv');
    const ds = new CSVDataset({ filepath, version: {} });
    await ds.save(table());
    expect((await ds.load()).numRows()).toBe(3);
    expect(filesIn(filepath)).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\d\.\d{3}Z\/v\.csv$/)]);
  });

  it('rejects unknown or ill-typed load_args and save_args at construction', () => {
    expect(optionError(() => new CSVDataset({ filepath: 'a.csv', load_args: { seperator: ';' } as never })).message).toContain(
      "Unknown key 'seperator' in 'load_args' of dataset CSVDataset(filepath='a.csv')",
    );
    expect(optionError(() => new CSVDataset({ filepath: 'a.csv', save_args: { index: true } as never })).message).toContain(
      "'save_args.index' of dataset CSVDataset(filepath='a.csv') must be one of false, got true",
    );
    expect(optionError(() => new CSVDataset({ filepath: 'a.csv', load_args: { dtype: { a: 'complex128' } } })).key).toBe('dtype');
    expect(optionError(() => new CSVDataset({ filepath: 'a.csv', load_args: { sep: ';;' } })).message).toContain('a single character');
  });
});
