/** YAML on stdout the way kedro prints it (PyYAML's `yaml.dump`: sorted keys, flush lists). */
import { stringify } from 'yaml';

export function dumpYaml(value: unknown): string {
  return stringify(value, { indentSeq: false, sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false, singleQuote: true });
}
