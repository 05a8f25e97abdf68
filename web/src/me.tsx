import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me } from './api.ts';

export const MeContext = createContext<Me | null>(null);

/** The signed-in caller (role, team, the actions its role allows). */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a session');
  return me;
}

export const may = (me: Me, action: string): boolean => me.actions.includes(action);
