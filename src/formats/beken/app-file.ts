import type { InspectReport } from '../report.js';
import { bekenReport } from './base-report.js';
import { findAppIdentity } from './app-identity.js';
import { decideFamily, evidenceJson, evidenceRows } from './family.js';
import { Findings, sizeText } from './findings.js';
import { reportUndecided } from './flash-image.js';

/** A plain app binary (the linker's output before packaging): ARM vector table at 0, no CRC framing, not encrypted. */
export function inspectPlainApp(data: Uint8Array): InspectReport {
  const f = new Findings();
  const identity = findAppIdentity(data);
  const decision = decideFamily({ app: identity });
  for (const w of decision.disagreements) f.warn(w);
  reportUndecided(f, decision);
  f.problem("the file is a plain app binary (linker output: no CRC framing, not encrypted): flash cannot run it as it is; 'fwkit convert encrypt' packs it into a UA for the chip's key");
  f.section('Application', [
    ['form', `plain code, ${sizeText(data.length)}`],
    ['name', identity.name],
    ['version', identity.version],
    ['firmware', identity.firmware],
    ['SDK', identity.sdk],
    ['built', identity.builtAt],
  ]);
  f.section('Family evidence', evidenceRows(decision));
  return bekenReport(data.length, 'app', f, {
    family: decision.family,
    app: { name: identity.name, version: identity.version, sdk: identity.sdk, builtAt: identity.builtAt, firmware: identity.firmware, nameSource: identity.name ? 'app strings' : null },
    familyEvidence: evidenceJson(decision),
  });
}
