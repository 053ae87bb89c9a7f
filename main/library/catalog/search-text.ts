// Text for the per-character search index (courses_chars, lessons_chars in migration 002).
// FTS5's unicode61 tokenizer keeps a run of Chinese characters together as one token, so
// the station writes every character as its own word: "党史课" → "党 史 课". A query is
// spaced the same way and sent as a phrase, which matches exactly where those characters
// stand next to each other — a substring match for queries too short for trigrams.
// Punctuation and spaces are separators to unicode61 and drop out on both sides.

export function spaced(text: string): string {
  return Array.from(text).join(' ');
}
