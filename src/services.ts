// The services built once in activate() and handed to every feature's register function.
// Features depend on this shape, never on each other.
import type { Logger } from './platform/logger';

export interface Services {
  readonly log: Logger;
  // The stores helper adds `stores` here (the store registry built from settings + SecretStorage).
}
