/**
 * `${km.random_name:}`: a random run name such as `brave-otter-417` (adjective, animal, integer in
 * [0, 1000]), at most 20 characters, in the style of MLflow's generated run names.
 */
export const RANDOM_NAME_ADJECTIVES: readonly string[] = [
  'able', 'agile', 'amber', 'ample', 'bold', 'brave', 'bright', 'brisk', 'calm', 'clean', 'clever', 'cool', 'cosmic', 'crisp',
  'curious', 'daring', 'deft', 'eager', 'early', 'easy', 'fair', 'fast', 'fine', 'firm', 'fleet', 'fresh', 'gentle', 'glad',
  'golden', 'grand', 'happy', 'hardy', 'honest', 'humble', 'jolly', 'keen', 'kind', 'lively', 'loyal', 'lucid', 'lucky', 'merry',
  'mighty', 'modest', 'neat', 'nimble', 'noble', 'patient', 'placid', 'polite', 'proud', 'quick', 'quiet', 'rapid', 'rare',
  'ready', 'regal', 'rosy', 'royal', 'rustic', 'sharp', 'shiny', 'silent', 'silver', 'smart', 'smooth', 'snappy', 'solid',
  'spry', 'steady', 'stellar', 'sturdy', 'sunny', 'swift', 'tidy', 'tough', 'true', 'vivid', 'warm', 'wise', 'witty', 'zesty',
];

export const RANDOM_NAME_NOUNS: readonly string[] = [
  'ant', 'ape', 'bat', 'bear', 'bee', 'bison', 'boar', 'calf', 'cat', 'colt', 'crab', 'crane', 'crow', 'deer', 'doe', 'dove',
  'duck', 'eagle', 'eel', 'elk', 'emu', 'finch', 'fish', 'fox', 'frog', 'gnat', 'gnu', 'goat', 'goose', 'hare', 'hawk', 'hen',
  'heron', 'horse', 'ibis', 'jay', 'koala', 'lamb', 'lark', 'lemur', 'lion', 'llama', 'lynx', 'mole', 'moose', 'mouse', 'mule',
  'newt', 'okapi', 'orca', 'otter', 'owl', 'ox', 'panda', 'pig', 'pony', 'puma', 'quail', 'ram', 'rat', 'raven', 'robin',
  'seal', 'shark', 'sheep', 'shrew', 'skunk', 'sloth', 'snail', 'snake', 'squid', 'stork', 'swan', 'tapir', 'tiger', 'toad',
  'trout', 'tuna', 'vole', 'wasp', 'whale', 'wolf', 'wren', 'yak', 'zebra',
];

const MAX_LENGTH = 20;
const MAX_TRIES = 10;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

/** A fresh random name on every call; `random` is injectable for tests. */
export function randomRunName(random: () => number = Math.random): string {
  let name = '';
  for (let i = 0; i < MAX_TRIES; i += 1) {
    name = `${pick(RANDOM_NAME_ADJECTIVES, random)}-${pick(RANDOM_NAME_NOUNS, random)}-${Math.floor(random() * 1001)}`;
    if (name.length <= MAX_LENGTH) return name;
  }
  return name.slice(0, MAX_LENGTH);
}

export const RANDOM_NAME_RESOLVER = 'km.random_name';
