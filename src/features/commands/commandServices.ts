// What the command features need from the composition root (a structural subset of Services).
import type { StoreManagerWithStats } from '../../core/stores';
import type { Logger } from '../../platform/logger';

export interface CommandServices {
  readonly log: Logger;
  readonly stores: StoreManagerWithStats;
}
