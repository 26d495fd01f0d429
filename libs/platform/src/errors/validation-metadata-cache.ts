import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Patched = MetadataStorage & { __miMetadataCache?: true };

/**
 * Memoises class-validator's metadata lookup per validated class. `getTargetValidationMetadatas`
 * scans every registered class with `instanceof` on each call (for inherited rules), so each
 * validated object costs time in proportion to the number of DTO classes the process loaded —
 * hundreds here, on every request and every nested line. Decorators register their metadata when
 * a class is defined, so the answer for a class only changes when metadata is added: any addition
 * empties the memo. Callers only read the returned arrays. Idempotent.
 */
export function installValidationMetadataCache(storage: MetadataStorage = getMetadataStorage()): void {
  const s = storage as Patched;
  if (s.__miMetadataCache) return;
  const lookup: Lookup = s.getTargetValidationMetadatas.bind(s);
  let memo = new WeakMap<object, Map<string, ReturnType<Lookup>>>();
  s.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    // Schema-based validation (a string target) is not used here and not memoised.
    if (typeof targetConstructor !== 'function') return lookup(targetConstructor, targetSchema, always, strictGroups, groups);
    const key = `${targetSchema ?? ''}\u0000${always ? 1 : 0}${strictGroups ? 1 : 0}\u0000${(groups ?? []).join('\u0001')}`;
    let byOptions = memo.get(targetConstructor);
    if (!byOptions) memo.set(targetConstructor, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(targetConstructor, targetSchema, always, strictGroups, groups)));
    return found;
  };
  for (const method of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = (s[method] as (arg: never) => void).bind(s);
    (s as unknown as Record<string, (arg: never) => void>)[method] = (arg: never) => {
      memo = new WeakMap();
      add(arg);
    };
  }
  s.__miMetadataCache = true;
}
