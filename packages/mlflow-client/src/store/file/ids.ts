/** Ids and names the file store generates, in the shapes MLflow uses. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** A run id: uuid4 as 32 lowercase hex characters. */
export function newRunId(): string {
  return randomUUID().replace(/-/g, '');
}

/** A logged model id: `m-` + 32 hex characters. */
export function newModelId(): string {
  return `m-${randomUUID().replace(/-/g, '')}`;
}

/** An experiment id like the file store's: a random 18-digit integer (no leading zero), as text. */
export function newExperimentId(): string {
  const bytes = randomBytes(8);
  let digits = (bytes.readBigUInt64BE() % 10n ** 18n).toString().padStart(18, '0');
  if (digits[0] === '0') digits = `${randomInt(1, 10)}${digits.slice(1)}`;
  return digits;
}

const ADJECTIVES = [
  'amber', 'brave', 'bright', 'calm', 'clever', 'crisp', 'daring', 'eager', 'fancy', 'gentle',
  'glad', 'golden', 'honest', 'humble', 'jolly', 'keen', 'kind', 'lively', 'lucky', 'merry',
  'mellow', 'nimble', 'noble', 'polite', 'proud', 'quick', 'quiet', 'rare', 'rustic', 'sassy',
  'shiny', 'silent', 'smooth', 'sunny', 'swift', 'tidy', 'upbeat', 'vivid', 'warm', 'witty',
];

const ANIMALS = [
  'ant', 'badger', 'bat', 'bear', 'bee', 'bison', 'cat', 'crab', 'crane', 'deer',
  'dove', 'eel', 'elk', 'finch', 'fox', 'frog', 'goat', 'gull', 'hare', 'hawk',
  'heron', 'ibis', 'koala', 'lark', 'lynx', 'mole', 'moth', 'newt', 'otter', 'owl',
  'panda', 'quail', 'ram', 'robin', 'seal', 'shrew', 'snail', 'swan', 'trout', 'wolf',
];

/** A readable random run / model name like MLflow's (`adjective-animal-123`, ≤ 20 characters). */
export function randomName(): string {
  const name = `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${ANIMALS[randomInt(ANIMALS.length)]}-${randomInt(0, 1001)}`;
  return name.slice(0, 20);
}
