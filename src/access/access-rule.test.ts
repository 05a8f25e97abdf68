import { describe, expect, it } from 'vitest';
import { decide, teamScope, type Action, type Resource } from './access-rule.ts';
import type { Principal } from './principal.ts';

const who = {
  admin: { tokenId: 't-admin', role: 'admin', teamId: null },
  psirt: { tokenId: 't-psirt', role: 'psirt', teamId: 'psirt' },
  memberA: { tokenId: 't-member-a', role: 'member', teamId: 'a' },
  uploaderA: { tokenId: 't-up-a', role: 'uploader', teamId: 'a' },
  memberB: { tokenId: 't-member-b', role: 'member', teamId: 'b' },
} satisfies Record<string, Principal>;

const ofA: Resource = { kind: 'team-data', teamId: 'a' };
const embargoedOfA: Resource = { kind: 'team-data', teamId: 'a', embargoed: true };
const public_: Resource = { kind: 'vulnerability', embargo: null };
const embargoedWithA: Resource = { kind: 'vulnerability', embargo: { teamIds: ['a'] } };
const embargoedWithNone: Resource = { kind: 'vulnerability', embargo: { teamIds: [] } };
const tokenOfUploaderA: Resource = { kind: 'token', tokenId: 't-up-a', teamId: 'a' };

describe('decide', () => {
  it.each<[keyof typeof who, Action, Resource | undefined, 'allow' | 403 | 404]>([
    // Team data: own team and staff see it; another team is told it does not exist.
    ['memberA', 'team-data.read', ofA, 'allow'],
    ['uploaderA', 'team-data.read', ofA, 'allow'],
    ['psirt', 'team-data.read', ofA, 'allow'],
    ['admin', 'team-data.read', ofA, 'allow'],
    ['memberB', 'team-data.read', ofA, 404],
    // Writes: role first among what the caller sees, hidden stays hidden whatever the role.
    ['memberA', 'version.lifecycle', ofA, 'allow'],
    ['uploaderA', 'version.lifecycle', ofA, 403],
    ['memberB', 'version.lifecycle', ofA, 404],
    ['uploaderA', 'vex.write', ofA, 403],
    ['memberB', 'vex.write', ofA, 404],
    ['psirt', 'vex.write', ofA, 'allow'],
    // An upload to a taken name cannot hide that the name is taken.
    ['uploaderA', 'sbom.upload', ofA, 'allow'],
    ['memberB', 'sbom.upload', ofA, 403],
    ['psirt', 'sbom.upload', ofA, 'allow'],
    // Global actions are a matter of role.
    ['memberA', 'feeds.sync', undefined, 403],
    ['psirt', 'feeds.sync', undefined, 'allow'],
    ['memberA', 'audit.read', undefined, 403],
    ['psirt', 'audit.read', undefined, 'allow'],
    ['psirt', 'token.create', undefined, 403],
    ['admin', 'token.create', undefined, 'allow'],
    ['memberA', 'token.list', undefined, 403],
    ['memberA', 'vulnerability.read', undefined, 'allow'],
    // Embargo: staff and the owning team's members; never an uploader token, never another team.
    ['memberA', 'case.read', embargoedOfA, 'allow'],
    ['psirt', 'case.read', embargoedOfA, 'allow'],
    ['admin', 'case.read', embargoedOfA, 'allow'],
    ['uploaderA', 'case.read', embargoedOfA, 404],
    ['memberB', 'case.read', embargoedOfA, 404],
    ['memberA', 'case.coordinate', embargoedOfA, 403],
    ['psirt', 'case.coordinate', embargoedOfA, 'allow'],
    ['memberA', 'case.create', undefined, 403],
    ['psirt', 'case.create', undefined, 'allow'],
    ['uploaderA', 'vulnerability.read', public_, 'allow'],
    ['memberA', 'vulnerability.read', embargoedWithA, 'allow'],
    ['uploaderA', 'vulnerability.read', embargoedWithA, 404],
    ['memberB', 'vulnerability.read', embargoedWithA, 404],
    ['psirt', 'vulnerability.read', embargoedWithA, 'allow'],
    ['memberA', 'vulnerability.read', embargoedWithNone, 404],
    ['psirt', 'vulnerability.read', embargoedWithNone, 'allow'],
    // Tokens: an admin manages any, anyone else only their own; PSIRT sees no one else's.
    ['uploaderA', 'token.manage', tokenOfUploaderA, 'allow'],
    ['memberA', 'token.manage', tokenOfUploaderA, 404],
    ['psirt', 'token.manage', tokenOfUploaderA, 404],
    ['admin', 'token.manage', tokenOfUploaderA, 'allow'],
  ])('%s %s on %o: %s', (caller, action, resource, expected) => {
    const d = decide(who[caller], action, resource);
    expect(d.allowed ? 'allow' : d.status).toBe(expected);
  });
});

describe('teamScope', () => {
  it.each<[keyof typeof who, string | null]>([
    ['admin', null],
    ['psirt', null],
    ['memberA', 'a'],
    ['uploaderA', 'a'],
  ])('%s reads %s', (caller, scope) => {
    expect(teamScope(who[caller])).toBe(scope);
  });
});
