import { randomBytes } from "node:crypto";

/** A small seeded generator (mulberry32) so that a run's hidden arguments can be reproduced. */
export class Rng {
  private state: number;
  constructor(readonly seed: number = randomBytes(4).readUInt32LE(0)) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** A number in [lo, hi) rounded to 2 decimals: delays students can read in messages. */
  between(lo: number, hi: number): number {
    return Math.round((lo + (hi - lo) * this.next()) * 100) / 100;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, count);
  }
  token(length = 8): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    return Array.from({ length }, () => alphabet[Math.floor(this.next() * alphabet.length)]).join("");
  }
}

export const NAMES = [
  "Amara",
  "Bjorn",
  "Chidi",
  "Dana",
  "Elif",
  "Farid",
  "Greta",
  "Hiro",
  "Ines",
  "Jonas",
  "Kofi",
  "Lena",
  "Mateo",
  "Nadia",
  "Oskar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tariq",
  "Uma",
  "Viktor",
  "Wren",
  "Yara",
] as const;
