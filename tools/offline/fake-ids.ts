import { createHash } from 'crypto';

/** Namespace for every fake UUID the offline provider makes up (a fixed, random UUID). */
const NAMESPACE = '0f9c3a52-7e0b-4d47-9a0e-5f8d2b6c1e34';

/**
 * A deterministic, UUID-shaped value (RFC 4122 version 5 layout: SHA-1 of namespace and name), so the
 * same arguments give the same object ID on every run.
 */
export function fakeUuid(...parts: readonly unknown[]): string {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(JSON.stringify(parts)).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** A deterministic hex string of the given length. */
export function fakeHex(length: number, ...parts: readonly unknown[]): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(JSON.stringify([i, ...parts])).digest('hex');
  return out.slice(0, length);
}

export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
