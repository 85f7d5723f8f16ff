import { createHash } from 'node:crypto';

/** `sha256:<hex>` of a text: the digest format of bodies, configs and plans. */
export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
