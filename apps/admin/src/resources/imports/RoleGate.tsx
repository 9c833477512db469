import type { ReactNode } from 'react';
import { usePermissions } from 'react-admin';
import { AccessDenied } from '../../pages/AccessDenied';
import { IMPORT_ROLES } from './types';

/** Imports are for admins and instructeurs (the API answers 403 to anybody else). */
export const RoleGate = ({ children }: { children: ReactNode }) => {
  const { permissions, isPending } = usePermissions<string[]>();
  if (isPending) return null;
  const roles = Array.isArray(permissions) ? permissions : [];
  if (!roles.some((r) => IMPORT_ROLES.includes(r))) return <AccessDenied />;
  return <>{children}</>;
};

export function useIsAdmin(): boolean {
  const { permissions } = usePermissions<string[]>();
  return Array.isArray(permissions) && permissions.includes('admin');
}
