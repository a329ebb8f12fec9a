// Azure's rules for resource tags (Microsoft Learn, "Use tags to organize your Azure resources and management
// hierarchy", Limitations): at most 50 per resource, names up to 512 characters (128 on storage accounts) without
// < > % & \ ? /, values up to 256; names are case-insensitive ("Owner" and "owner" are one tag), values are not.
import { duplicatesOf, jsonShown } from './names';

/** Azure's tag limits. */
export const TAG_LIMITS = { perResource: 50, nameLength: 512, storageNameLength: 128, valueLength: 256 } as const;
/** Characters a tag name cannot hold. */
export const TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;

/** A problem with one tag (`name` set), or with the set (`name` undefined). */
export interface TagProblem {
  /** The tag it is about; none for a problem of the whole set (too many tags). */
  readonly name?: string;
  /** What Azure refuses, with the fix. */
  readonly message: string;
}

/** What Azure refuses in a set of tags; empty when it takes them all. */
export function tagProblems(tags: Readonly<Record<string, string>>, options: { storageAccount?: boolean } = {}): TagProblem[] {
  const problems: TagProblem[] = [];
  const names = Object.keys(tags);
  const maxName = options.storageAccount ? TAG_LIMITS.storageNameLength : TAG_LIMITS.nameLength;
  if (names.length > TAG_LIMITS.perResource) {
    problems.push({ message: `${names.length} tags: Azure allows ${TAG_LIMITS.perResource} per resource; merge some (a value can hold JSON) or drop them` });
  }
  for (const name of names) {
    const forbidden = TAG_NAME_FORBIDDEN.exec(name);
    if (name.trim() === '') problems.push({ name, message: 'an empty tag name: Azure refuses it; give the tag a name' });
    else if (forbidden) problems.push({ name, message: `the tag name ${jsonShown(name)} holds ${jsonShown(forbidden[0])}: Azure refuses < > % & \\ ? / in tag names; rename it` });
    else if (name.length > maxName) problems.push({ name, message: `the tag name has ${name.length} characters: Azure allows ${maxName}${options.storageAccount ? ' on a storage account' : ''}; shorten it` });
    if (tags[name].length > TAG_LIMITS.valueLength) problems.push({ name, message: `the value has ${tags[name].length} characters: Azure allows ${TAG_LIMITS.valueLength}; shorten it` });
  }
  for (const [first, repeat] of duplicatesOf(names, (n) => n.toLowerCase())) {
    problems.push({ name: names[repeat], message: `the tag name ${jsonShown(names[repeat])} is the same tag as ${jsonShown(names[first])}: Azure compares tag names case-insensitively; keep one` });
  }
  return problems;
}
