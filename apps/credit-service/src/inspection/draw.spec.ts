import { drawPlan, type InspectorCandidate, type TargetCandidate } from './draw';

const targets: TargetCandidate[] = Array.from({ length: 40 }, (_, i) => ({
  institutionCode: `H350102${String(i).padStart(5, '0')}`,
  level: i < 10 ? 'D' : 'A',
  weight: i < 10 ? 4 : 0.5,
}));
const inspectors: InspectorCandidate[] = Array.from({ length: 8 }, (_, i) => ({
  code: `INSP${i}`,
  name: `检查员${i}`,
  department: i % 2 ? 'health-commission' : 'medical-security',
  linkedInstitutions: [],
}));

describe('double-random draw', () => {
  it('gives the same draw for the same seed whatever the order of the candidates, and another for another seed', () => {
    const input = {
      seed: 'seed-2026-fz',
      inspections: [
        { targets: 5, inspectors: 2 },
        { targets: 3, inspectors: 3 },
      ],
      targets,
      inspectors,
    };
    const a = drawPlan(input);
    const b = drawPlan({ ...input, targets: [...targets].reverse(), inspectors: [...inspectors].reverse() });
    expect(b).toEqual(a);
    expect(a.map((d) => d.targets.length)).toEqual([5, 3]);
    expect(a.map((d) => d.inspectors.length)).toEqual([2, 3]);
    // A target is drawn for one inspection of the plan only.
    expect(new Set(a.flatMap((d) => d.targets.map((t) => t.institutionCode))).size).toBe(8);
    expect(drawPlan({ ...input, seed: 'another-seed-2026' })).not.toEqual(a);
  });

  it('draws low-credit institutions more often (weights by level)', () => {
    let d = 0;
    for (let i = 0; i < 200; i++) {
      d += drawPlan({ seed: `weights-${i}`, inspections: [{ targets: 5, inspectors: 2 }], targets, inspectors })[0].targets.filter(
        (t) => t.level === 'D',
      ).length;
    }
    // 10 of 40 are D with 8× the weight of an A: well over their 25 % share of the 1000 draws.
    expect(d / 1000).toBeGreaterThan(0.5);
  });

  it('excludes an inspector linked to a drawn target and reports a shortage', () => {
    const linked = inspectors.map((p) => ({ ...p, linkedInstitutions: targets.map((t) => t.institutionCode) }));
    linked[0] = { ...linked[0], linkedInstitutions: [] };
    const [only] = drawPlan({ seed: 'conflicts-2026', inspections: [{ targets: 2, inspectors: 2 }], targets, inspectors: linked });
    expect(only.inspectors.map((p) => p.code)).toEqual(['INSP0']);
    expect(only.shortOfInspectors).toBe(true);
    expect(only.excluded).toHaveLength(7 * 2);
    const [ok] = drawPlan({ seed: 'conflicts-2026', inspections: [{ targets: 2, inspectors: 2 }], targets, inspectors });
    expect(ok.excluded).toEqual([]);
    expect(ok.shortOfInspectors).toBe(false);
  });
});
