import type { Role } from '@mi/domain';

/** The signed-in user as `GET /api/v1/auth/me` and the login answer describe it. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  scope: string;
  mustChangePassword: boolean;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const KEY = 'mi.session';

/**
 * The session lives in sessionStorage: it survives a reload of the tab but not closing it, and is
 * not shared with other tabs (each tab signs in for itself).
 */
export const sessionStore = {
  read(): Session | undefined {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as Session;
    } catch {
      sessionStorage.removeItem(KEY);
      return undefined;
    }
  },
  write(s: Session): void {
    sessionStorage.setItem(KEY, JSON.stringify(s));
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
