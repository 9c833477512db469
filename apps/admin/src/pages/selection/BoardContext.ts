import { createContext, useContext } from 'react';
import type { SelectionBoardData, SelectionItem } from './types';

/** What the board's pieces share: the server's board, the row shown in the side panel, the typed phase-2 amounts. */
export interface BoardContextValue {
  campaignId: string;
  phase: 1 | 2;
  board: SelectionBoardData;
  /** re-reads the board from the server (after a decision, an arrêt, a publication) */
  reload: () => Promise<void>;
  currentId: string | null;
  setCurrentId: (id: string | null) => void;
  /** phase 2: the amount typed per row (text as typed, in euros) */
  amounts: Record<string, string>;
  setAmount: (id: string, text: string) => void;
  itemsById: Map<string, SelectionItem>;
  roles: string[];
}

export const BoardContext = createContext<BoardContextValue | null>(null);

export function useBoard(): BoardContextValue {
  const value = useContext(BoardContext);
  if (!value) throw new Error('useBoard: hors du tableau de sélection');
  return value;
}

export const hasRole = (roles: string[], allowed: string[]) => roles.some((r) => allowed.includes(r));
