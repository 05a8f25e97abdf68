/**
 * The policy Kanshi runs with when none is configured: one a PSIRT can use unchanged, and the
 * starting point for its own (README shows it). Known exploitation or a critical flaw in a
 * product reachable from the internet or sold into critical infrastructure is P1; likely
 * exploitation or a high score P2; medium or unknown severity P3; the rest P4.
 */
export const DEFAULT_POLICY_YAML = `# Kanshi's default priority policy.
defaults: { tier: standard, exposure: internal, lifecycle: active }
rules:
  - name: known exploited (CISA KEV)
    priority: P1
    when: { kev: true }
  - name: critical and reachable from the internet
    priority: P1
    when: { cvss: { min: 9.0 }, exposure: [internet] }
  - name: critical in a product sold into critical infrastructure
    priority: P1
    when: { cvss: { min: 9.0 }, tier: [critical-infrastructure] }
  - name: likely to be exploited within 30 days (EPSS)
    priority: P2
    when: { epss: { min: 0.1 } }
  - name: critical or high
    priority: P2
    when: { cvss: { min: 7.0 } }
  - name: medium
    priority: P3
    when: { cvss: { min: 4.0 } }
  - name: severity unknown is not safe
    priority: P3
    when: { severity: [unknown] }
  - name: everything else
    priority: P4
openAt: P4
sla:
  P1: { acknowledge: 1d, triage: 2d, plan: 5d, fix: 15d }
  P2: { acknowledge: 2d, triage: 5d, plan: 15d, fix: 30d }
  P3: { acknowledge: 5d, triage: 15d, plan: 45d, fix: 90d }
  P4: { acknowledge: 10d, triage: 30d, plan: 90d, fix: 180d }
nearBreachAt: 0.75
pauseWhileAwaitingSupplier: true
`;
