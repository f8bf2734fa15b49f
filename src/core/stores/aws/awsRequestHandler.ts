// HTTP handler options shared by the Secrets Manager and STS clients. Given as the SDK v3 object
// form, so the SDK builds its own NodeHttpHandler and no @smithy package is imported here.
import type * as https from 'node:https';
import type { NodeHttpHandlerOptions } from '@smithy/types';

export function awsRequestHandlerOptions(timeoutMs: number, httpsAgent?: https.Agent): NodeHttpHandlerOptions {
  return {
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    // Without it the SDK only logs a warning when requestTimeout passes and keeps waiting.
    throwOnRequestTimeout: true,
    ...(httpsAgent ? { httpsAgent } : {}),
  };
}
