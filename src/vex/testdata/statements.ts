import type { VexComponent, VexStatement, VexVulnerability } from '../vex-model.ts';

/** A vulnerability as the merged store gives it, scored from its vector. */
export const vulnerability = (id: string, over: Partial<VexVulnerability> = {}): VexVulnerability => ({
  id,
  aliases: [],
  sources: ['osv'],
  title: null,
  description: null,
  severity: 'critical',
  scores: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }],
  cwes: [],
  references: [],
  ...over,
});

export const leftPad: VexComponent = { ref: 'lp', name: 'left-pad', version: '1.1.0', purl: 'pkg:npm/left-pad@1.1.0', cpe: null };
export const lodash: VexComponent = { ref: 'lo', name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20', cpe: null };

export const statement = (v: VexVulnerability, over: Partial<VexStatement> = {}): VexStatement => ({
  vulnerability: v,
  status: 'under_investigation',
  components: [leftPad],
  justification: null,
  impact: null,
  action: null,
  fixVersion: null,
  detail: null,
  ...over,
});
