/** "Did you mean ...?" over a list of valid names (keys, node names, datastores). */
import { distance } from 'fastest-levenshtein';

/**
 * The closest candidate, if close enough to be a typo: at most a third of the word's length in edits (at least 1,
 * at most 3), the same word in another case, or a prefix of it.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    let d = candidate.toLowerCase() === word.toLowerCase() ? 0.5 : distance(word, candidate);
    // A truncated word (`git` for `gitops`) qualifies, behind any real typo match.
    if (d > limit && word.length >= 3 && (candidate.startsWith(word) || word.startsWith(candidate))) d = limit;
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `did you mean `x`?`, or `known: a, b, c` when nothing is close. */
export function suggestion(word: string, candidates: readonly string[], noun = 'known'): string {
  const match = closest(word, candidates);
  if (match !== undefined) return `did you mean \`${match}\`?`;
  return candidates.length ? `${noun}: ${candidates.map((c) => `\`${c}\``).join(', ')}` : '';
}
