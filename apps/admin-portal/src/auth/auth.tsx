import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, refreshSession, setSessionEndedHandler } from '../api/client';
import { type Session, type SessionUser, sessionStore } from '../api/session';

export type LoginNotice = 'expired' | 'logout' | 'password-changed';

interface Auth {
  user?: SessionUser;
  /** Why the login page is shown (session expired, signed out, ...); cleared by the next login. */
  notice?: LoginNotice;
  /** The region the user is looking at: their scope or a region inside it (region switcher). */
  region?: string;
  setRegion(code: string): void;
  login(username: string, password: string): Promise<SessionUser>;
  logout(): Promise<void>;
  /** After a password change: new tokens and the user re-read (mustChangePassword is now false). */
  reload(): Promise<void>;
}

const AuthContext = createContext<Auth | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [session, setSession] = useState<Session | undefined>(() => sessionStore.read());
  const [region, setRegion] = useState<string | undefined>(session?.user.scope);
  const [notice, setNotice] = useState<LoginNotice>();

  useEffect(() => {
    setSessionEndedHandler((reason) => {
      setSession(undefined);
      setNotice(reason);
      navigate('/login', { replace: true });
    });
  }, [navigate]);

  const login = useCallback(async (username: string, password: string) => {
    const pair = await api.post('/api/v1/auth/login', { body: { username, password } });
    const s: Session = { accessToken: pair.accessToken, refreshToken: pair.refreshToken, user: pair.user };
    sessionStore.write(s);
    setSession(s);
    setRegion(s.user.scope);
    setNotice(undefined);
    return s.user;
  }, []);

  const logout = useCallback(async () => {
    await api.post('/api/v1/auth/logout').catch(() => undefined);
    sessionStore.clear();
    setSession(undefined);
    setNotice('logout');
    navigate('/login', { replace: true });
  }, [navigate]);

  const reload = useCallback(async () => {
    await refreshSession();
    const user = await api.get('/api/v1/auth/me');
    const current = sessionStore.read();
    if (!current) return;
    const s = { ...current, user };
    sessionStore.write(s);
    setSession(s);
  }, []);

  const value = useMemo<Auth>(
    () => ({ user: session?.user, notice, region, setRegion, login, logout, reload }),
    [session, notice, region, login, logout, reload],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
