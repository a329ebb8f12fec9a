import { ConfigError, Configuration } from './load-config';

/**
 * The environments in the order CI deploys them: `promotionOrder` in bootstrap.json, checked against the environment
 * files the loader read (files the app ignores are not environments). Alphabetical order is not a deployment order, so
 * more than one environment needs the list. Checked here rather than in the loader: synth and the stacks do not depend
 * on it, and the workflows call this (pull requests included), so a stale list fails before it reaches main.
 */
export function environmentsInPromotionOrder(configuration: Configuration): string[] {
  const names = configuration.environments.map((e) => e.name);
  const file = configuration.bootstrapFile ?? 'config/bootstrap.json';
  const order = configuration.bootstrap?.promotionOrder;
  const example = JSON.stringify(names);
  if (order === undefined) {
    if (names.length <= 1) return names;
    throw new ConfigError(`${file}: $.promotionOrder: missing: ${names.length} environments (${names.join(', ')}) need an explicit deployment order; ` +
      `add "promotionOrder": ${example} to ${file}, reordered so each environment comes after the ones it is promoted from`);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  order.forEach((name, i) => {
    if (!names.includes(name)) {
      problems.push(`${file}: $.promotionOrder[${i}]: got ${JSON.stringify(name)}: no such environment (environments are ${names.map((n) => JSON.stringify(n)).join(', ')}, from the files in environments/); fix the name or remove it`);
    } else if (seen.has(name)) {
      problems.push(`${file}: $.promotionOrder[${i}]: got ${JSON.stringify(name)}: listed twice; an environment is deployed once per run: remove one`);
    }
    seen.add(name);
  });
  const missing = names.filter((n) => !order.includes(n));
  if (missing.length > 0) {
    problems.push(`${file}: $.promotionOrder: got ${JSON.stringify(order)}: ${missing.map((n) => JSON.stringify(n)).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not listed, so CI would never deploy ${missing.length > 1 ? 'them' : 'it'}; add ${missing.length > 1 ? 'each' : 'it'} where it belongs in the order`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid promotion order (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  - ${problems.join('\n  - ')}`);
  }
  return [...order];
}
