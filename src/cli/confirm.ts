/** Asks a question on the terminal; true only for the answer `yes`. */
import { createInterface } from 'node:readline/promises';
import { stdinIsTTY } from './io.js';

export async function confirmYes(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}

export function canConfirm(): boolean {
  return stdinIsTTY();
}
