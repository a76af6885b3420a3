const WORDS = [
  "No",
  "One",
  "Two",
  "Three",
  "Four",
  "Five",
  "Six",
  "Seven",
  "Eight",
  "Nine",
  "Ten",
  "Eleven",
  "Twelve",
  "Thirteen",
  "Fourteen",
  "Fifteen",
  "Sixteen",
  "Seventeen",
  "Eighteen",
  "Nineteen",
  "Twenty",
];

/**
 * "Fifteen exercises": how many the catalogue holds (the Exercise table the seed syncs from
 * exercises/), so the pages that advertise the course never fall behind a new exercise folder.
 */
export function exercisesInWords(count: number): string {
  const n = WORDS[count] ?? String(count);
  return `${n} exercise${count === 1 ? "" : "s"}`;
}
