import { z } from 'zod';

/** Roles are ordered: each includes the rights of those before it. */
export const RoleSchema = z.enum(['viewer', 'operator', 'engineer', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

const rank: Record<Role, number> = { viewer: 0, operator: 1, engineer: 2, admin: 3 };

export interface Caller {
  user: string;
  roles: readonly Role[];
}

export function hasRole(caller: Caller, required: Role): boolean {
  return caller.roles.some((role) => rank[role] >= rank[required]);
}
