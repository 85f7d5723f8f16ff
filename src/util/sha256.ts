import { hash } from 'node:crypto';

/**
 * `sha256:<hex>` of a text: the digest format of bodies, configs and plans. One-shot `crypto.hash`
 * (no Hash object): several times cheaper for the small bodies apply digests once per change.
 */
export function sha256(text: string): string {
  return `sha256:${hash('sha256', text, 'hex')}`;
}
