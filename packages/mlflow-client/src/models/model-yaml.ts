/**
 * YAML for MLmodel-like documents, written the way Python's `yaml.safe_dump(data,
 * default_flow_style=False)` writes them: block style, keys sorted, sequences inside a mapping not
 * indented, strings that PyYAML would read as something else quoted (`'0'`, `'yes'`, timestamps).
 * Unlike `store/file/yaml-meta.ts` (flat meta.yaml files), any nesting is supported: lists of
 * maps, lists of lists, maps in maps. Long strings are not folded (PyYAML reads them the same).
 *
 * Reading reuses the PyYAML-compatible reader of the file store (`parseYaml`).
 */
import { yamlScalar as scalar, yamlString, type YamlValue } from '../store/file/yaml-meta.js';

export { parseYaml } from '../store/file/yaml-meta.js';
export type { YamlValue } from '../store/file/yaml-meta.js';

function isCollection(value: YamlValue): value is YamlValue[] | { [key: string]: YamlValue } {
  return value !== null && typeof value === 'object';
}

function isEmpty(value: YamlValue[] | { [key: string]: YamlValue }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** Lines of a non-empty collection, every line starting with `indent`. */
function block(value: YamlValue[] | { [key: string]: YamlValue }, indent: string): string[] {
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item === undefined) throw new TypeError('undefined is not a YAML value');
      if (!isCollection(item) || isEmpty(item)) {
        lines.push(`${indent}- ${isCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`);
        continue;
      }
      // `- first: line` then the rest of the item indented under the dash.
      const inner = block(item, `${indent}  `);
      lines.push(`${indent}- ${inner[0]!.slice(indent.length + 2)}`, ...inner.slice(1));
    }
    return lines;
  }
  for (const key of Object.keys(value).sort()) {
    const child = value[key];
    if (child === undefined) continue;
    const head = `${indent}${yamlString(key)}:`;
    if (!isCollection(child)) lines.push(`${head} ${scalar(child)}`);
    else if (isEmpty(child)) lines.push(`${head} ${Array.isArray(child) ? '[]' : '{}'}`);
    else lines.push(head, ...block(child, Array.isArray(child) ? indent : `${indent}  `));
  }
  return lines;
}

/** A mapping as PyYAML's `safe_dump(default_flow_style=False)` (sorted keys) would write it. */
export function dumpModelYaml(data: { [key: string]: YamlValue }): string {
  if (isEmpty(data)) return '{}\n';
  return `${block(data, '').join('\n')}\n`;
}
