export { TeamsRepo, type AuditEvent, type TokenInfo } from './teams.repo.ts';
export { TokensService, type CreatedToken } from './tokens.service.ts';
export { hashToken } from './token-hash.ts';
export { requestAudit } from './request-audit.ts';
export type { TokenLifetimePolicy } from './token-expiry.ts';
export { teamsRoutes } from './teams.routes.ts';
