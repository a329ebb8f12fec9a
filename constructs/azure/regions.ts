// Kept free of cdktf: the configuration schema and the tools read it cheaply.

/**
 * Azure public-cloud region names (`az account list-locations --query "[?metadata.regionType=='Physical'].name"`),
 * as `location` takes them. A region newer than this list is allowed with an explicit opt-in (the config's `locationUnlisted`).
 */
export const AZURE_PUBLIC_REGIONS: readonly string[] = [
  // Americas
  'brazilsouth', 'brazilsoutheast', 'canadacentral', 'canadaeast', 'centralus', 'centraluseuap', 'chilecentral', 'eastus',
  'eastus2', 'eastus2euap', 'mexicocentral', 'northcentralus', 'southcentralus', 'westcentralus', 'westus', 'westus2', 'westus3',
  // Europe
  'belgiumcentral', 'francecentral', 'francesouth', 'germanynorth', 'germanywestcentral', 'italynorth', 'northeurope', 'norwayeast',
  'norwaywest', 'polandcentral', 'spaincentral', 'swedencentral', 'swedensouth', 'switzerlandnorth', 'switzerlandwest', 'uksouth',
  'ukwest', 'westeurope',
  // Asia Pacific
  'australiacentral', 'australiacentral2', 'australiaeast', 'australiasoutheast', 'centralindia', 'eastasia', 'indonesiacentral',
  'japaneast', 'japanwest', 'jioindiacentral', 'jioindiawest', 'koreacentral', 'koreasouth', 'malaysiawest', 'newzealandnorth',
  'southeastasia', 'southindia', 'westindia',
  // Middle East and Africa
  'israelcentral', 'qatarcentral', 'southafricanorth', 'southafricawest', 'uaecentral', 'uaenorth',
];

/** Whether `name` is a listed public-cloud region (exact, lowercase: what Azure returns and Terraform compares). */
export function isKnownRegion(name: string): boolean {
  return AZURE_PUBLIC_REGIONS.includes(name);
}

/** The listed region closest to `name` (display names such as "Sweden Central" included), if it is close enough to be a typo. */
export function suggestRegion(name: string): string | undefined {
  const wanted = name.toLowerCase().replace(/[\s_-]+/g, '');
  if (isKnownRegion(wanted)) return wanted;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const r of AZURE_PUBLIC_REGIONS) {
    const d = editDistance(wanted, r);
    if (d < bestDistance) [best, bestDistance] = [r, d];
  }
  return bestDistance <= Math.max(2, Math.floor(wanted.length / 4)) ? best : undefined;
}

/** A problem with a region name: the field to fix (`location` or `locationUnlisted`) and what to do; undefined when fine. */
export interface RegionProblem {
  readonly field: 'location' | 'locationUnlisted';
  readonly message: string;
}

/**
 * Checks a region name against the list. `unlisted` is the opt-in for a region newer than the list; given for a listed
 * region it is refused (it would hide a later typo).
 */
export function regionProblem(location: string, unlisted = false): RegionProblem | undefined {
  if (isKnownRegion(location)) {
    return unlisted ? { field: 'locationUnlisted', message: `${JSON.stringify(location)} is a listed region; remove locationUnlisted` } : undefined;
  }
  if (unlisted) return undefined;
  const near = suggestRegion(location);
  return {
    field: 'location',
    message: `not an Azure public-cloud region${near ? ` (did you mean "${near}"?)` : ` (${AZURE_PUBLIC_REGIONS.length} known, e.g. swedencentral, eastus2)`}; ` +
      'for a region newer than this list, set locationUnlisted to true',
  };
}

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
