/**
 * A pure function of one key, remembered: columns repeat a few spellings
 * (polarities, RAG and trend words, tolerances) over every row, so each is
 * read once. At most `limit` keys are kept; past that the memory starts over,
 * so a column of all-different cells costs no more than reading them.
 *
 * Cost: one Map look-up per call, plus `read` once per key while remembered.
 *
 * @example const polarity = memoised(readPolarity); polarity("Higher is better") // read once
 */
export function memoised<K, V>(read: (key: K) => V, limit = 1000): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    if (known.size >= limit) known.clear();
    const value = read(key);
    known.set(key, value);
    return value;
  };
}
