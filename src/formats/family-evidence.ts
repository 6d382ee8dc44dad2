/**
 * Family evidence, for every vendor: each signal the bytes hold names the families it fits and how much
 * it counts; the family is the one with the most weight, or undecided with the tied candidates.
 */
export interface FamilyEvidence {
  signal: string;
  value: string;
  fits: string[];
  weight: number;
}

export interface FamilyDecision {
  /** The family, or null when the evidence does not decide (see `candidates`). */
  family: string | null;
  /** Families tied for the most weight when undecided; [family] when decided. */
  candidates: string[];
  /** An unsupported chip named by the bytes, reported as the family (never taken for a supported one). */
  unsupported: string | null;
  evidence: FamilyEvidence[];
  disagreements: string[];
}

/** Sums the weights per family; evidence of at least `flagWeight` that excludes the winner is a disagreement. */
export function weigh(evidence: FamilyEvidence[], supported: readonly string[], flagWeight: number): FamilyDecision {
  const scores = new Map<string, number>();
  for (const e of evidence) for (const f of e.fits) scores.set(f, (scores.get(f) ?? 0) + e.weight);
  const top = Math.max(0, ...scores.values());
  const leaders = [...scores].filter(([, score]) => score === top && top > 0).map(([f]) => f);
  const family = leaders.length === 1 ? leaders[0] : null;
  const unsupported = family && !supported.includes(family) ? family : null;
  const disagreements: string[] = [];
  if (family) {
    const strongest = evidence.filter((e) => e.fits.includes(family)).sort((a, b) => b.weight - a.weight)[0];
    for (const e of evidence) {
      if (e.weight < flagWeight || e.fits.includes(family)) continue;
      disagreements.push(
        `the ${e.signal} (${e.value}) points to ${e.fits.join('/')}, but the ${strongest.signal} says ${family}: the parts of this image come from different chips (firmware for one cannot run on the other)`,
      );
    }
  }
  return { family, candidates: family ? [family] : leaders, unsupported, evidence, disagreements };
}

/** Rows for the human report's family-evidence section. */
export function evidenceRows(decision: FamilyDecision): Array<[string, string]> {
  const rows: Array<[string, string]> = decision.evidence.map((e) => [
    e.signal,
    `${e.value} → ${e.fits.join('/')} (weight ${e.weight}${decision.family && !e.fits.includes(decision.family) ? ', DISAGREES' : ''})`,
  ]);
  if (!decision.family && decision.candidates.length > 1) rows.push(['undecided', `candidates ${decision.candidates.join(', ')}`]);
  if (decision.unsupported) rows.push(['unsupported', `${decision.unsupported} is not a chip fwkit supports`]);
  return rows;
}

/** The evidence as the JSON report carries it (`familyEvidence`). */
export function evidenceJson(decision: FamilyDecision): Record<string, unknown> {
  return {
    family: decision.family,
    decided: decision.family !== null,
    supported: decision.family !== null && decision.unsupported === null,
    candidates: decision.candidates,
    evidence: decision.evidence.map((e) => ({ ...e, agrees: decision.family ? e.fits.includes(decision.family) : null })),
  };
}
