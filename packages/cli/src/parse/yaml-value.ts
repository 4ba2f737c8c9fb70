/**
 * Values on the command line (`--params lr=0.1`) are typed the way kedro types them: kedro hands each
 * value to OmegaConf, which parses it with PyYAML's YAML 1.1 rules (timestamps excepted, and a float
 * rule that also accepts `1e-2`). So `1e-2` is 0.01, `678.` is 678, `010` is 8 (octal), `1_000` is
 * 1000, `yes`/`off` are booleans, an empty value is null, and `1a`, `fizz buzz` or
 * `https://example.com` stay strings. Quoted scalars are always strings.
 *
 * The `yaml` package parses the structure (flow lists and maps, quotes, comments) with every scalar
 * kept as a string; this module then types plain scalars with PyYAML's regular expressions.
 */
import { createRequire } from 'node:module';
import type { Node as YamlNode } from 'yaml';

// The `yaml` package costs ~80 ms to import: load it (its CommonJS build, synchronously) only for
// values that need a YAML parser. Plain scalars, the usual case, are typed directly.
type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}

/** Characters that make a value more than one plain scalar: quotes, flow collections, comments, anchors, tags… */
const NEEDS_PARSER = /[\[\]{}'"#&*!|>%@`,:\n\r\t]|^[-?]\s|^\s|\s$/;

const NULL = /^(?:~|null|Null|NULL|)$/;
const BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
// PyYAML's int: binary, octal (leading 0), decimal, hex, sexagesimal.
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
// PyYAML's float, then OmegaConf's addition (exponent without a dot, optional exponent sign).
const FLOAT_PYYAML =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const FLOAT_OMEGACONF =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function sexagesimal(text: string): number {
  // "1:30:15" = ((1 * 60) + 30) * 60 + 15; the sign applies to the whole value.
  const sign = text.startsWith('-') ? -1 : 1;
  const parts = text.replace(/^[-+]/, '').split(':').map(Number);
  return sign * parts.reduce((acc, part) => acc * 60 + part, 0);
}

function toInt(text: string): number {
  const clean = text.replace(/_/g, '');
  const sign = clean.startsWith('-') ? -1 : 1;
  const digits = clean.replace(/^[-+]/, '');
  if (clean.includes(':')) return sexagesimal(clean);
  if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2);
  if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16);
  if (digits.length > 1 && digits.startsWith('0')) return sign * parseInt(digits.slice(1), 8);
  return sign * parseInt(digits, 10);
}

function toFloat(text: string): number {
  const clean = text.replace(/_/g, '').toLowerCase();
  if (clean.endsWith('.inf')) return clean.startsWith('-') ? -Infinity : Infinity;
  if (clean === '.nan') return NaN;
  if (clean.includes(':')) return sexagesimal(clean);
  return Number(clean);
}

/** Types one plain (unquoted) YAML scalar as PyYAML + OmegaConf would. */
export function resolvePlainScalar(text: string): unknown {
  if (NULL.test(text)) return null;
  if (BOOL_TRUE.test(text)) return true;
  if (BOOL_FALSE.test(text)) return false;
  // PyYAML tries float before int for the characters both start with; the first match wins.
  if (FLOAT_PYYAML.test(text)) return toFloat(text);
  if (INT.test(text)) return toInt(text);
  if (FLOAT_OMEGACONF.test(text)) return toFloat(text);
  return text;
}

function convert(node: YamlNode | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  const { isMap, isScalar, isSeq } = yaml();
  if (isScalar(node)) {
    const raw = node.value === null || node.value === undefined ? '' : String(node.value);
    return node.type === 'PLAIN' ? resolvePlainScalar(raw) : raw;
  }
  if (isSeq(node)) return node.items.map((item) => convert(item as YamlNode));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = convert(pair.key as YamlNode);
      out[String(key)] = convert(pair.value as YamlNode);
    }
    return out;
  }
  // Aliases and other exotic nodes: let the yaml package decide.
  return (node as { toJSON?: () => unknown }).toJSON?.() ?? null;
}

/**
 * Parses a command-line value as YAML 1.1 the way PyYAML does (`yaml.load(value)`). A value that is
 * not valid YAML (`a: b: c`) throws an Error whose message says why.
 */
export function parseYamlValue(text: string): unknown {
  if (!NEEDS_PARSER.test(text)) return resolvePlainScalar(text);
  const { parseDocument } = yaml();
  // failsafe keeps every scalar a string; we type plain scalars ourselves.
  const doc = parseDocument(text, { schema: 'failsafe', version: '1.1', uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  if (doc.contents === null) return null;
  return convert(doc.contents as YamlNode);
}
