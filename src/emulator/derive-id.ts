/** A stable UUID derived from a name (the shape of a version-5 UUID), for objects the emulator invents. */
import { createHash } from 'node:crypto';

export function deriveUuid(namespace: string, name: string): string {
  const h = createHash('sha1').update(`${namespace}\n${name}`).digest('hex').slice(0, 32).split('');
  h[12] = '5';
  h[16] = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export const chatbotOfInbox = (inboxId: string): string => deriveUuid('chatbot', inboxId);
