// Approvals of workspace store configs, kept per workspace (workspaceState): each is the approval
// fingerprint of exactly the config the user approved, so any change to it needs a new approval.
import type * as vscode from 'vscode';
import { STATE_KEYS } from '../constants';

const KEY = STATE_KEYS.workspaceApprovals;

export interface WorkspaceApprovals {
  has(fingerprint: string): boolean;
  add(fingerprint: string): Promise<void>;
  /** Forgets every approval of this workspace; returns how many there were. */
  clear(): Promise<number>;
}

export function workspaceApprovals(state: vscode.Memento): WorkspaceApprovals {
  const list = () => {
    const value = state.get<unknown>(KEY);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  };
  return {
    has: (fingerprint) => list().includes(fingerprint),
    add: async (fingerprint) => {
      if (!list().includes(fingerprint)) await state.update(KEY, [...list(), fingerprint]);
    },
    clear: async () => {
      const count = list().length;
      await state.update(KEY, undefined);
      return count;
    },
  };
}
