export { TeamsRepo } from './teams.repo.ts';
export { TokensService } from './tokens.service.ts';
export { hashToken } from './token-hash.ts';
export { teamsRoutes } from './teams.routes.ts';
