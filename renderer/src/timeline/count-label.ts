/** "1 event", "0 events", "20 events": a count with its noun in the right number (English, regular plurals). */
export function countLabel(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
