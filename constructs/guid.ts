// Kept free of cdktf so that tools (the access report, the offline provider) can use the role table cheaply.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZERO_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

/** A GUID in its usual 8-4-4-4-12 form. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A GUID that is not all zeros (the all-zero GUID is a placeholder, never a real ID). */
export function isNonZeroGuid(value: string): boolean {
  return GUID.test(value) && !ZERO_GUID.test(value);
}
