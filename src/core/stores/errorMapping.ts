// Turns every provider failure (node-vault/axios, AWS SDK, network, TLS) into a StoreError, in one
// place. Messages are built from fixed text plus names only; provider details are included only after
// scrubbing the store's credentials and any value being written. The raw error is never attached:
// axios errors carry request headers (X-Vault-Token) in their config.
import { MASK, redact } from '../redaction';
import { Phrase, steps, StoreError, StoreErrorKind } from './storeError';

export interface ErrorContext {
  store: string;
  path?: string;
  /** What was being done, e.g. "read", "write", "list", "sign in". */
  operation: string;
  /** Strings that must never appear in a message (token, secret-id, keys, written values). */
  secrets?: readonly string[];
  /** The per-request timeout in force (ms), so a timeout message can say how long was waited. */
  timeoutMs?: number;
  /** AWS: the command that signs the store's profile in (`aws sso login --profile p`), when it has one. */
  awsLogin?: string;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ERR_CANCELED']);

/** Removes any registered secret from provider text and caps its length. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  // Vault tokens are hidden by their shape too, registered or not.
  const out = redact(text, secrets).replace(/(hvs|s|hvb|b)\.[A-Za-z0-9_-]{20,}/g, MASK);
  return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (TLS_CODES.has(code) || NETWORK_CODES.has(code) || TIMEOUT_CODES.has(code))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function make(
  ctx: ErrorContext,
  kind: StoreErrorKind,
  problem: string,
  action: string | Phrase,
  code?: string,
  retryable = false,
): StoreError {
  return new StoreError({ kind, store: ctx.store, path: ctx.path, problem, action, code, retryable });
}

/** Network and TLS failures shared by both providers; undefined when the error is something else. */
function mapTransport(error: unknown, ctx: ErrorContext, target: string): StoreError | undefined {
  const code = errorCode(error);
  if (!code) return undefined;
  if (TLS_CODES.has(code)) {
    return make(
      ctx,
      'tls',
      `The TLS certificate of ${target} could not be verified (${code}) while trying to ${ctx.operation}.`,
      'If the server uses a self-signed or private CA certificate, set "caPath" in the store config to that CA file; otherwise check the URL.',
      code,
    );
  }
  if (NETWORK_CODES.has(code)) {
    return make(
      ctx,
      'unreachable',
      `${target} could not be reached (${code}) while trying to ${ctx.operation}.`,
      'Check that the server is running, the URL/endpoint in the store config is right, and your network or VPN is up; then refresh.',
      code,
      true,
    );
  }
  if (TIMEOUT_CODES.has(code)) {
    return make(
      ctx,
      'timeout',
      `${target} did not answer in time (${code}) while trying to ${ctx.operation}.`,
      'Check the network path to the server and try again.',
      code,
      true,
    );
  }
  return undefined;
}

interface VaultResponseError {
  response?: { statusCode?: number; body?: { errors?: unknown[]; data?: { metadata?: { deletion_time?: string; destroyed?: boolean } } } };
}

export function mapVaultError(error: unknown, ctx: ErrorContext, url: string): StoreError {
  if (error instanceof StoreError) return error;
  const transport = mapTransport(error, ctx, `Vault at ${url}`);
  if (transport) return transport;
  const response = (error as VaultResponseError | undefined)?.response;
  const status = response?.statusCode;
  const errors = Array.isArray(response?.body?.errors) ? response.body.errors.map(String) : [];
  const detail = scrub(errors.join('; '), ctx.secrets);
  const code = status !== undefined ? String(status) : undefined;
  switch (status) {
    case 400:
      if (/check-and-set|cas/i.test(detail)) {
        return make(
          ctx,
          'conflict',
          'The secret was changed by someone else since you read it (check-and-set version mismatch).',
          'Refresh the secret, review the latest version, and apply your change again.',
          code,
        );
      }
      return new StoreError({
        kind: 'invalid',
        store: ctx.store,
        path: ctx.path,
        problem: `Vault rejected the request to ${ctx.operation}${detail ? `: ${detail}` : ''}.`,
        action: 'Check the secret path and the engine path / KV version of the store config.',
        code,
        // A refused sign-in says why in its own words (vaultSession.ts).
        ...(detail ? { detail } : {}),
      });
    case 401:
    case 403: {
      const denied = make(
        ctx,
        'access-denied',
        `Vault denied permission to ${ctx.operation} (HTTP ${status}).`,
        'Ask your Vault admin for a policy granting this capability on the path, or sign in with another token or AppRole.',
        code,
      );
      return new StoreError({ ...denied, action: denied.actions, detail });
    }
    case 404: {
      const meta = response?.body?.data?.metadata;
      if (meta?.destroyed) {
        return make(
          ctx,
          'deleted',
          'This version of the secret was destroyed and cannot be recovered.',
          'Read another version or write a new one.',
          code,
        );
      }
      if (meta?.deletion_time) {
        return make(ctx, 'deleted', 'This version of the secret is soft-deleted.', steps.undelete, code);
      }
      return make(
        ctx,
        'not-found',
        `Nothing exists at this path in Vault at ${url}.`,
        'Check the path (and the engine path in the store config), or create the secret.',
        code,
      );
    }
    case 412:
      return make(ctx, 'conflict', 'Vault has not yet replicated the latest change (HTTP 412).', 'Try again in a moment.', code, true);
    case 429:
      return make(
        ctx,
        'throttled',
        'Vault rate-limited the request (HTTP 429) after several retries.',
        'Wait a moment and refresh; reduce concurrent reads if it keeps happening.',
        code,
        true,
      );
    case 500:
    case 502:
      return make(
        ctx,
        'internal',
        `Vault reported an internal error (HTTP ${status})${detail ? `: ${detail}` : ''}.`,
        'Try again; if it persists, check the Vault server logs.',
        code,
        true,
      );
    case 503:
      if (/sealed/i.test(detail)) {
        return make(ctx, 'sealed', `Vault at ${url} is sealed.`, 'Ask a Vault operator to unseal it, then refresh.', code, true);
      }
      return make(
        ctx,
        'unreachable',
        `Vault at ${url} is unavailable (HTTP 503)${detail ? `: ${detail}` : ''}.`,
        'Check that the server is active and unsealed, then refresh.',
        code,
        true,
      );
    default:
      break;
  }
  if (status !== undefined) {
    return make(
      ctx,
      'internal',
      `Vault answered HTTP ${status} while trying to ${ctx.operation}${detail ? `: ${detail}` : ''}.`,
      'Check the store config and the Vault server logs.',
      code,
    );
  }
  return make(
    ctx,
    'internal',
    `Unexpected failure while trying to ${ctx.operation}${errorCode(error) ? ` (${errorCode(error)})` : ''}.`,
    steps.testConnection,
    errorCode(error),
  );
}

interface AwsLikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; body?: unknown };
  $responseBodyText?: string;
}

/** Name of an error the SDK could not deserialize (an XML or HTML body from a proxy, a VPC
 *  endpoint policy, or an emulator): the <Code> in the body, else one derived from the status. */
function undecodedErrorName(e: AwsLikeError): string | undefined {
  if (e.name !== 'SyntaxError' && !/Deserialization error/i.test(e.message ?? '')) return undefined;
  const body =
    typeof e.$responseBodyText === 'string' ? e.$responseBodyText : typeof e.$response?.body === 'string' ? e.$response.body : '';
  const code = /<Code>([A-Za-z.]+)<\/Code>/.exec(body)?.[1] ?? /"__type"\s*:\s*"(?:[^"#]*#)?([A-Za-z]+)"/.exec(body)?.[1];
  if (code) return code;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  if (status === 401 || status === 403) return 'AccessDeniedException';
  if (status === 404) return 'ResourceNotFoundException';
  if (status === 429) return 'ThrottlingException';
  if (status === 400) return 'InvalidRequestException';
  if (status !== undefined && status >= 500) return 'InternalServiceErrorException';
  return undefined;
}

/** The SDK's connection / request timeouts (name TimeoutError, code ETIMEDOUT when the request
 *  timer fired), told in AWS terms: a black-holed VPC endpoint or proxy is the usual cause. */
function awsTimeout(error: unknown, ctx: ErrorContext, target: string): StoreError | undefined {
  const name = (error as { name?: unknown } | undefined)?.name;
  const code = errorCode(error);
  // The SDK also names ECONNRESET / EPIPE "TimeoutError" (to retry them): those are unreachable.
  if (code && (NETWORK_CODES.has(code) || TLS_CODES.has(code))) return undefined;
  if (name !== 'TimeoutError' && code !== 'ETIMEDOUT') return undefined;
  const limit = ctx.timeoutMs
    ? ` within ${ctx.timeoutMs >= 1000 ? `${Math.round(ctx.timeoutMs / 100) / 10} s` : `${ctx.timeoutMs} ms`}`
    : ' in time';
  return make(
    ctx,
    'timeout',
    `${target} did not answer${limit} while trying to ${ctx.operation}.`,
    'Check that the endpoint (or VPC endpoint) in the store config is reachable from this machine and that your network, VPN or proxy is up; then refresh.',
    code ?? 'TimeoutError',
    true,
  );
}

/** A failure of STS while assuming the store's role: said as STS's, not as Secrets Manager's. */
export class AssumeRoleFailure extends Error {
  constructor(
    readonly roleArn: string,
    readonly stsEndpoint: string | undefined,
    cause: unknown,
  ) {
    super(`assuming role ${roleArn} failed`, { cause });
    this.name = 'AssumeRoleFailure';
  }
}

function mapAssumeRoleFailure(failure: AssumeRoleFailure, ctx: ErrorContext): StoreError {
  const sts = `AWS STS${failure.stsEndpoint ? ` at ${failure.stsEndpoint}` : ''}`;
  const mapped = mapAwsError(failure.cause, { ...ctx, operation: `assume role ${failure.roleArn} (to ${ctx.operation})` }, sts);
  if (mapped.kind !== 'access-denied') return mapped;
  return make(
    ctx,
    'access-denied',
    `${sts} refused to let your AWS identity assume role ${failure.roleArn} (to ${ctx.operation}).`,
    'Check that the role exists, that its trust policy allows your identity (and the external id, when it asks for one), and that your identity may call sts:AssumeRole on it.',
    mapped.code,
  );
}

export function mapAwsError(error: unknown, ctx: ErrorContext, target: string): StoreError {
  if (error instanceof StoreError) return error;
  if (error instanceof AssumeRoleFailure) return mapAssumeRoleFailure(error, ctx);
  const timedOut = awsTimeout(error, ctx, target);
  if (timedOut) return timedOut;
  const transport = mapTransport(error, ctx, target);
  if (transport) return transport;
  const e = (error ?? {}) as AwsLikeError;
  const undecoded = undecodedErrorName(e);
  const name = undecoded ?? e.name ?? 'Error';
  // An undecodable body's parser message says nothing useful to a user.
  const detail = undecoded ? '' : scrub(e.message ?? '', ctx.secrets);
  switch (name) {
    case 'ResourceNotFoundException':
      return make(
        ctx,
        'not-found',
        `Secrets Manager (${target}) has no such secret, or not that version/stage.`,
        'Check the secret name or ARN, the region of the store config, and the version id or stage.',
        name,
      );
    case 'AccessDeniedException':
    case 'AccessDenied':
      return make(
        ctx,
        'access-denied',
        `AWS denied permission to ${ctx.operation}.`,
        'Grant the IAM identity (or the assumed role) the needed secretsmanager: action on this secret, and kms:Decrypt on its key.',
        name,
      );
    case 'DecryptionFailure':
    case 'DecryptionFailureException':
      return make(
        ctx,
        'decryption-failure',
        'Secrets Manager could not decrypt the secret with its KMS key.',
        'Check that the KMS key exists, is enabled, and that your identity has kms:Decrypt on it.',
        name,
      );
    case 'InternalServiceError':
    case 'InternalServiceErrorException':
    case 'InternalFailure':
    case 'ServiceUnavailable':
      return make(
        ctx,
        'internal',
        `Secrets Manager reported an internal error while trying to ${ctx.operation}.`,
        'Try again in a moment; check the AWS Health Dashboard if it persists.',
        name,
        true,
      );
    case 'InvalidParameterException':
    case 'ValidationException':
      return make(
        ctx,
        'invalid',
        `Secrets Manager rejected a parameter${detail ? `: ${detail}` : ''}.`,
        'Check the secret name, version id/stage and the values you sent.',
        name,
      );
    case 'InvalidRequestException':
      if (/deletion|deleted/i.test(detail)) {
        return make(
          ctx,
          'deleted',
          'The secret is scheduled for deletion.',
          'Restore it (Restore Secret) before using it, or use another secret.',
          name,
        );
      }
      return make(
        ctx,
        'invalid',
        `Secrets Manager cannot do this in the secret's current state${detail ? `: ${detail}` : ''}.`,
        'Check that the secret is not scheduled for deletion and that the operation fits its state.',
        name,
      );
    case 'ResourceExistsException':
      return make(
        ctx,
        'conflict',
        'A secret with this name (or a version with this token) already exists.',
        'Choose another name, or update the existing secret.',
        name,
      );
    case 'PreconditionNotMetException':
      return make(ctx, 'conflict', `A precondition failed${detail ? `: ${detail}` : ''}.`, 'Refresh the secret and try again.', name);
    case 'LimitExceededException':
      return make(
        ctx,
        'invalid',
        'An AWS Secrets Manager quota was exceeded (e.g. too many versions).',
        'Remove old versions or stages, or request a quota increase.',
        name,
      );
    case 'ThrottlingException':
    case 'TooManyRequestsException':
    case 'RequestLimitExceeded':
      return make(
        ctx,
        'throttled',
        'AWS throttled the request and retries with backoff did not get through.',
        'Wait a moment and refresh; reduce concurrent reads if it keeps happening.',
        name,
        true,
      );
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'RequestExpired':
      return make(
        ctx,
        'expired',
        'The AWS credentials have expired.',
        'Sign in again (or refresh your SSO session / profile credentials).',
        name,
      );
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
      return make(
        ctx,
        'signed-out',
        'AWS did not accept the credentials of this store config.',
        'Check the profile or access key, or sign in again for this store.',
        name,
      );
    case 'CredentialsProviderError':
    case 'TokenProviderError':
      if (ctx.awsLogin && /aws (sso )?login|re-?authenticate|session token not found or invalid|failed to load (a )?token/i.test(detail))
        return awsSignedOut(ctx, ctx.awsLogin, name);
      return make(
        ctx,
        'signed-out',
        `No AWS credentials were found${detail ? `: ${detail}` : ''}.`,
        'Set the profile (credentials/config file), configure the default chain, or sign in with an access key.',
        name,
      );
    case 'EndpointError':
      return make(
        ctx,
        'invalid',
        `The AWS SDK cannot build an endpoint for this store${detail ? `: ${detail}` : ''}.`,
        'Check the endpoint, use_fips_endpoint and use_dualstack_endpoint of the store config and its AWS profile (FIPS and a custom endpoint do not go together).',
        name,
      );
    default:
      break;
  }
  const status = e.$metadata?.httpStatusCode;
  return make(
    ctx,
    'internal',
    `AWS answered ${name}${status ? ` (HTTP ${status})` : ''} while trying to ${ctx.operation}${detail ? `: ${detail}` : ''}.`,
    'Check the store config (region, endpoint, credentials) and try again.',
    name,
  );
}

/** An IAM Identity Center (or `aws login`) session that is missing or over: signed out, fixed by the CLI's login. */
function awsSignedOut(ctx: ErrorContext, login: string, code: string): StoreError {
  const sso = login.startsWith('aws sso ');
  return new StoreError({
    kind: 'signed-out',
    store: ctx.store,
    path: ctx.path,
    problem: sso
      ? 'The IAM Identity Center (SSO) session of its AWS profile has expired or was never started.'
      : 'The AWS console sign-in session (aws login) of its AWS profile has expired or was never started.',
    action: {
      editor: `${sso ? 'Sign in with IAM Identity Center' : 'Sign in with the AWS CLI'} (it runs "${login}" in a terminal); the store is read again afterwards.`,
      terminal: `Run "${login}", then run this command again.`,
    },
    code,
    fixes: [sso ? 'aws-sso-login' : 'aws-login'],
  });
}
