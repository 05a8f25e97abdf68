// What `sbom upload --fail-on` accepts, apart from the gate itself: the CLI's option parsing
// loads this at every start, and must not load the report code (version schemes) with it.

export const GATE_SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
/** The cases policy's priorities, most urgent first. */
export const GATE_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type GateThreshold = (typeof GATE_SEVERITIES)[number] | (typeof GATE_PRIORITIES)[number];
