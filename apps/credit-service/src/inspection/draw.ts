import { createHash } from 'node:crypto';

/**
 * 双随机 — the draw as a pure function of its inputs and a seed, so it can be re-run and checked
 * by anyone (一公开): candidates are sorted by code first, the generator is seeded from
 * SHA-256(seed:inspection index), targets are sampled without replacement weighted by credit level
 * (Efraimidis–Spirakis keys u^(1/w)), inspectors uniformly among those without a conflict of
 * interest with the inspection's targets.
 */
export interface TargetCandidate {
  institutionCode: string;
  level: string;
  weight: number;
}

export interface InspectorCandidate {
  code: string;
  name: string;
  department: string;
  linkedInstitutions: string[];
}

export interface DrawInput {
  seed: string;
  inspections: { targets: number; inspectors: number }[];
  targets: TargetCandidate[];
  inspectors: InspectorCandidate[];
}

export interface DrawnInspection {
  targets: TargetCandidate[];
  inspectors: { code: string; name: string; department: string }[];
  excluded: { inspectorCode: string; institutionCode: string }[];
  /** Fewer eligible inspectors than asked for (the caller refuses the draw). */
  shortOfInspectors: boolean;
}

/** A small deterministic generator (mulberry32) seeded from SHA-256 of the text. */
export function seededRandom(text: string): () => number {
  let a = createHash('sha256').update(text).digest().readUInt32BE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weightedSample<T>(items: T[], weight: (t: T) => number, k: number, random: () => number): T[] {
  return items
    .map((item) => ({ item, key: Math.pow(Math.max(random(), Number.MIN_VALUE), 1 / Math.max(weight(item), 1e-9)) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, k)
    .map((x) => x.item);
}

/** Draws every inspection of a plan; a target is drawn for at most one inspection of the plan. */
export function drawPlan(input: DrawInput): DrawnInspection[] {
  const targets = [...input.targets].sort((a, b) => a.institutionCode.localeCompare(b.institutionCode));
  const pool = [...input.inspectors].sort((a, b) => a.code.localeCompare(b.code));
  const taken = new Set<string>();
  return input.inspections.map((spec, i) => {
    const random = seededRandom(`${input.seed}:${i}`);
    const drawn = weightedSample(
      targets.filter((t) => !taken.has(t.institutionCode)),
      (t) => t.weight,
      spec.targets,
      random,
    ).sort((a, b) => a.institutionCode.localeCompare(b.institutionCode));
    for (const t of drawn) taken.add(t.institutionCode);
    const codes = new Set(drawn.map((t) => t.institutionCode));
    const excluded = pool.flatMap((p) => p.linkedInstitutions.filter((c) => codes.has(c)).map((c) => ({ inspectorCode: p.code, institutionCode: c })));
    const conflicted = new Set(excluded.map((x) => x.inspectorCode));
    const eligible = pool.filter((p) => !conflicted.has(p.code));
    const inspectors = weightedSample(eligible, () => 1, spec.inspectors, random)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map(({ code, name, department }) => ({ code, name, department }));
    return { targets: drawn, inspectors, excluded, shortOfInspectors: inspectors.length < spec.inspectors };
  });
}
